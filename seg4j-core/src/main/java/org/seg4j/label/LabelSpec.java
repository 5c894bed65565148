package org.seg4j.label;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.seg4j.BadInputException;
import org.seg4j.image.LabelMap;

/**
 * Everything seg4j knows about the labels of a data set: class names, their colours, the ignore index, and how the
 * ids stored on disk map to contiguous training ids. One spec is shared by the loss, the metrics and the renderer, so
 * these can never disagree.
 *
 * <p>Training ids are {@code 0 .. numClasses()-1}; the ignore index (255 unless the data set says otherwise, 11 for
 * CamVid) marks pixels that count for neither loss nor metrics. Every on-disk id 0..255 maps to a training id, to the
 * ignore index, or is invalid: a label file holding an invalid id is reported as bad input.
 */
public final class LabelSpec {
    /** Marks an on-disk id that is neither a class nor ignore. */
    public static final int INVALID = -1;

    private final String name;
    private final List<String> classNames;
    private final int[] colors;
    private final int ignoreIndex;
    private final int ignoreColor;
    private final int[] diskToTrain;

    private LabelSpec(Builder b) {
        this.name = b.name;
        this.classNames = List.copyOf(b.classNames);
        this.colors = b.colors.stream().mapToInt(Integer::intValue).toArray();
        this.ignoreIndex = b.ignoreIndex;
        this.ignoreColor = b.ignoreColor;
        this.diskToTrain = b.diskToTrain.clone();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public String className(int trainId) {
        return trainId == ignoreIndex ? "ignore" : classNames.get(trainId);
    }

    /** Index of the class with this name (case-insensitive), or -1. */
    public int indexOf(String className) {
        for (int i = 0; i < classNames.size(); i++) {
            if (classNames.get(i).equalsIgnoreCase(className)) {
                return i;
            }
        }
        return -1;
    }

    /** Colour of a training id as 0xRRGGBB; the ignore index has the ignore colour. */
    public int color(int trainId) {
        return trainId == ignoreIndex ? ignoreColor : colors[trainId];
    }

    public int ignoreColor() {
        return ignoreColor;
    }

    public int ignoreIndex() {
        return ignoreIndex;
    }

    /** Training id (or the ignore index) of an on-disk id 0..255, or {@link #INVALID}. */
    public int trainId(int diskId) {
        return diskId < 0 || diskId > 255 ? INVALID : diskToTrain[diskId];
    }

    /** The on-disk ids that map to this training id (or to ignore, for the ignore index). */
    public int[] diskIds(int trainId) {
        return java.util.stream.IntStream.range(0, 256).filter(d -> diskToTrain[d] == trainId).toArray();
    }

    /**
     * Maps a label map read from {@code file} to training ids.
     *
     * @throws BadInputException naming the file, the first invalid value and where it is
     */
    public LabelMap toTrainIds(LabelMap disk, Path file) {
        byte[] in = disk.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            int t = diskToTrain[in[i] & 0xFF];
            if (t == INVALID) {
                throw invalidValue(in[i] & 0xFF, i % disk.width(), i / disk.width(), file);
            }
            out[i] = (byte) t;
        }
        return new LabelMap(disk.width(), disk.height(), out);
    }

    /** Checks that a map holds only training ids and the ignore index. */
    public void checkTrainIds(LabelMap map, Path file) {
        byte[] in = map.data();
        for (int i = 0; i < in.length; i++) {
            int v = in[i] & 0xFF;
            if (v >= numClasses() && v != ignoreIndex) {
                throw new BadInputException(file, "label value " + v + " at (x=" + i % map.width() + ", y="
                        + i / map.width() + ") is neither a class (0.." + (numClasses() - 1) + ") nor the ignore index "
                        + ignoreIndex + " of label spec '" + name + "'");
            }
        }
    }

    private BadInputException invalidValue(int value, int x, int y, Path file) {
        return new BadInputException(file, "label value " + value + " at (x=" + x + ", y=" + y
                + ") is neither a class nor ignore in label spec '" + name + "' (valid values: "
                + describeValidIds() + ")");
    }

    private String describeValidIds() {
        StringBuilder sb = new StringBuilder();
        int start = -1;
        for (int d = 0; d <= 256; d++) {
            boolean valid = d < 256 && diskToTrain[d] != INVALID;
            if (valid && start < 0) {
                start = d;
            } else if (!valid && start >= 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(start == d - 1 ? "" + start : start + "-" + (d - 1));
                start = -1;
            }
        }
        return sb.toString();
    }

    /** A 256-entry palette: training ids coloured by class, the ignore index by the ignore colour, the rest black. */
    public int[] palette() {
        int[] palette = new int[256];
        for (int i = 0; i < colors.length; i++) {
            palette[i] = colors[i];
        }
        if (ignoreIndex >= 0 && ignoreIndex < 256) {
            palette[ignoreIndex] = ignoreColor;
        }
        return palette;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSpec s && s.name.equals(name) && s.classNames.equals(classNames)
                && Arrays.equals(s.colors, colors) && s.ignoreIndex == ignoreIndex && s.ignoreColor == ignoreColor
                && Arrays.equals(s.diskToTrain, diskToTrain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, classNames, ignoreIndex) * 31 + Arrays.hashCode(diskToTrain);
    }

    @Override
    public String toString() {
        return "LabelSpec[" + name + ", " + numClasses() + " classes, ignore " + ignoreIndex + "]";
    }

    /**
     * Builds a spec class by class. A class added without explicit on-disk ids is stored on disk under its own
     * training id; on-disk ids never mentioned are invalid.
     */
    public static final class Builder {
        private final String name;
        private final List<String> classNames = new ArrayList<>();
        private final List<Integer> colors = new ArrayList<>();
        private final int[] diskToTrain = new int[256];
        private int ignoreIndex = 255;
        private int ignoreColor = 0x000000;
        private boolean ignoreIdsSet;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
            Arrays.fill(diskToTrain, INVALID);
        }

        /**
         * Adds the next class, stored on disk under the given ids (its training id if none are given).
         *
         * @throws IllegalArgumentException if a class of that name (ignoring case) was added before
         */
        public Builder addClass(String className, int rgb, int... diskIds) {
            for (int i = 0; i < classNames.size(); i++) {
                if (classNames.get(i).equalsIgnoreCase(className)) {
                    throw new IllegalArgumentException("class name '" + className + "' is used twice (classes " + i
                            + " and " + classNames.size() + "); metrics and lookups by name need distinct names");
                }
            }
            int trainId = classNames.size();
            classNames.add(className);
            colors.add(rgb & 0xFFFFFF);
            for (int d : diskIds.length == 0 ? new int[] {trainId} : diskIds) {
                mapDiskId(d, trainId);
            }
            return this;
        }

        /** Number of classes added so far. */
        public int size() {
            return classNames.size();
        }

        /** Sets the ignore index (a training-side value outside 0..numClasses-1); default 255. */
        public Builder ignoreIndex(int index) {
            if (index < 0 || index > 255) {
                throw new IllegalArgumentException("ignore index must be 0..255, got " + index);
            }
            this.ignoreIndex = index;
            return this;
        }

        public Builder ignoreColor(int rgb) {
            this.ignoreColor = rgb & 0xFFFFFF;
            return this;
        }

        /** On-disk ids that mean "ignore"; by default only the ignore index itself. */
        public Builder ignoreDiskIds(int... diskIds) {
            ignoreIdsSet = true;
            for (int d : diskIds) {
                mapDiskId(d, -2);
            }
            return this;
        }

        private void mapDiskId(int diskId, int trainId) {
            if (diskId < 0 || diskId > 255) {
                throw new IllegalArgumentException("on-disk id must be 0..255, got " + diskId);
            }
            if (diskToTrain[diskId] != INVALID) {
                throw new IllegalArgumentException("on-disk id " + diskId + " is mapped twice in label spec '"
                        + name + "'");
            }
            diskToTrain[diskId] = trainId;
        }

        public LabelSpec build() {
            if (classNames.isEmpty()) {
                throw new IllegalArgumentException("label spec '" + name + "' has no classes");
            }
            if (ignoreIndex < classNames.size()) {
                throw new IllegalArgumentException("ignore index " + ignoreIndex + " of label spec '" + name
                        + "' collides with a class (there are " + classNames.size() + ")");
            }
            if (!ignoreIdsSet && diskToTrain[ignoreIndex] == INVALID) {
                diskToTrain[ignoreIndex] = -2;
            }
            for (int d = 0; d < 256; d++) {
                if (diskToTrain[d] == -2) {
                    diskToTrain[d] = ignoreIndex;
                }
            }
            return new LabelSpec(this);
        }
    }
}

package org.seg4j.data;

import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.seg4j.BadInputException;
import org.seg4j.label.LabelSpec;

/**
 * Some samples of another data set, in its order: an index range ({@code train[0:20]}) or the samples whose ids match
 * a glob pattern ({@code train[0006R0_*]}), or do not ({@code train[!0006R0_*]}) - e.g. one CamVid drive held out of
 * training as a validation split that shares no scene with it.
 */
final class SubsetDataset implements SegmentationDataset {
    private final SegmentationDataset base;
    private final String selector;
    private final int[] indices;

    private SubsetDataset(SegmentationDataset base, String selector, int[] indices) {
        if (indices.length == 0) {
            throw new BadInputException(null, "split selector [" + selector + "] selects none of the " + base.size()
                    + " samples of " + base.name());
        }
        this.base = base;
        this.selector = selector;
        this.indices = indices;
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    static SubsetDataset range(SegmentationDataset base, int from, int to) {
        if (from < 0 || to > base.size() || from >= to) {
            throw new BadInputException(null, "range [" + from + ":" + to + "] is empty or outside the "
                    + base.size() + " samples of " + base.name());
        }
        return new SubsetDataset(base, from + ":" + to, IntStream.range(from, to).toArray());
    }

    /**
     * The samples whose id matches {@code glob} ({@code *}: any characters, {@code ?}: one character); with a leading
     * {@code !}, the samples whose id does not.
     */
    static SubsetDataset matching(SegmentationDataset base, String glob) {
        boolean negated = glob.startsWith("!");
        Pattern pattern = Pattern.compile(toRegex(negated ? glob.substring(1) : glob));
        int[] chosen = IntStream.range(0, base.size())
                .filter(i -> pattern.matcher(base.id(i)).matches() != negated).toArray();
        return new SubsetDataset(base, glob, chosen);
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return regex.toString();
    }

    @Override
    public String name() {
        return base.name() + "[" + selector + "]";
    }

    @Override
    public LabelSpec labelSpec() {
        return base.labelSpec();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public String id(int index) {
        return base.id(indices[checked(index)]);
    }

    @Override
    public Sample load(int index) {
        return base.load(indices[checked(index)]);
    }

    private int checked(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index + " outside 0.." + (size() - 1));
        }
        return index;
    }
}

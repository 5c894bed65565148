package org.seg4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seg4j.BadInputException;
import org.seg4j.box.Box;
import org.seg4j.box.ObjectBox;
import org.seg4j.data.coco.CocoAnnotation;
import org.seg4j.data.coco.CocoImage;
import org.seg4j.data.coco.CocoJsonReader;
import org.seg4j.data.coco.PolygonRasterizer;
import org.seg4j.data.coco.Rle;
import org.seg4j.data.coco.SemanticMaskPainter;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.LabelMap;
import org.seg4j.image.RgbImage;
import org.seg4j.label.LabelSpec;

/**
 * MS COCO object instances (Lin et al., "Microsoft COCO: Common Objects in Context", ECCV 2014) read from an
 * instances JSON file, as a semantic segmentation data set with boxes.
 *
 * <p>Layout: in the official release {@code annotations/instances_train2017.json} describes the images in
 * {@code train2017/} beside the {@code annotations} folder; in general, a file named {@code <kind>_<split>.json} in
 * a folder named {@code annotations} has its images in {@code ../<split>/}, and any other file has them in its own
 * folder ({@code file_name} may hold subfolders). An explicit image folder overrides both. The file is the split:
 * {@link DatasetOptions#split()} is not used.
 *
 * <p>The JSON is parsed once by {@link #open}; {@link #load} decodes the image and rasterizes its annotations:
 * polygons and RLE exactly as pycocotools does ({@link PolygonRasterizer}, {@link Rle}), category ids mapped to
 * training ids by the label spec, crowd regions set to its ignore index, overlaps resolved as
 * {@link SemanticMaskPainter} documents (crowd under everything, then larger instances under smaller ones). Boxes come
 * from {@code bbox}: {@code Box(x, y, x + w, y + h)}, the class as a training id, {@code difficult} = crowd; a box of
 * zero width or height, or whose category maps to the ignore index, is left out of the boxes (its mask is kept). A box
 * more than {@link BoxBounds#TOLERANCE} pixel outside its image makes {@link #load} fail with a BadInputException.
 */
public final class CocoDataset implements SegmentationDataset {
    private static final Pattern SPLIT_FILE = Pattern.compile("[^_]+_(.+)\\.json");

    private final Path annotationFile;
    private final Path imageDir;
    private final LabelSpec spec;
    private final List<CocoImage> images;
    private final List<List<CocoAnnotation>> annotations;

    private CocoDataset(Path annotationFile, Path imageDir, LabelSpec spec, CocoJsonReader.Index index) {
        this.annotationFile = annotationFile;
        this.imageDir = imageDir;
        this.spec = spec;
        this.images = index.images();
        this.annotations = index.annotations();
    }

    /**
     * Reads the annotation file and checks it: keys, that every annotation's image exists, its category is a class
     * of the spec, its RLE has the image's size and the right pixel count, and every {@code file_name} stays inside
     * the image folder ({@link DatasetPaths}).
     *
     * @param imageDir the image folder, or null for the COCO layout described above
     * @throws BadInputException naming the file, the annotation or image id, and the problem
     */
    public static CocoDataset open(Path annotationFile, Path imageDir, LabelSpec spec) {
        Path dir = imageDir != null ? imageDir : defaultImageDir(annotationFile);
        CocoJsonReader.Index index = CocoJsonReader.read(annotationFile, spec);
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, "image folder of " + annotationFile + " does not exist (COCO keeps "
                    + "annotations/instances_SPLIT.json beside SPLIT/; give the image folder explicitly otherwise)");
        }
        CocoDataset dataset = new CocoDataset(annotationFile, dir, spec, index);
        for (CocoImage image : dataset.images) {
            dataset.file(image);
        }
        return dataset;
    }

    /**
     * The image file of an {@code images} entry, inside the image folder.
     *
     * @throws BadInputException if {@code file_name} is absolute or leads out of the image folder
     */
    private Path file(CocoImage image) {
        return DatasetPaths.inside(imageDir, image.fileName(), annotationFile, "image id " + image.id() + ": file_name");
    }

    /** Where the images of an annotation file are when no folder is given (see the class comment). */
    static Path defaultImageDir(Path annotationFile) {
        Path parent = annotationFile.toAbsolutePath().normalize().getParent();
        Matcher m = SPLIT_FILE.matcher(annotationFile.getFileName().toString());
        if (m.matches() && parent.getFileName() != null && parent.getFileName().toString().equals("annotations")
                && parent.getParent() != null) {
            return parent.getParent().resolve(m.group(1));
        }
        return parent;
    }

    public Path annotationFile() {
        return annotationFile;
    }

    public Path imageDir() {
        return imageDir;
    }

    /** The {@code images} entry of sample {@code index}. */
    public CocoImage image(int index) {
        return images.get(index);
    }

    /** The annotations of sample {@code index}, in file order. */
    public List<CocoAnnotation> annotations(int index) {
        return annotations.get(index);
    }

    @Override
    public String name() {
        return "coco:" + annotationFile;
    }

    @Override
    public LabelSpec labelSpec() {
        return spec;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public String id(int index) {
        String name = Path.of(images.get(index).fileName()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The semantic label map of sample {@code index} (training ids) without decoding its image. */
    public LabelMap mask(int index) {
        return SemanticMaskPainter.paint(images.get(index), annotations.get(index), spec);
    }

    @Override
    public Sample load(int index) {
        CocoImage info = images.get(index);
        Path file = file(info);
        RgbImage image;
        try {
            image = ImageFiles.readRgb(file);
        } catch (BadInputException e) {
            throw new BadInputException(file, e.problem() + " (image id " + info.id() + " of " + annotationFile + ")",
                    e);
        }
        if (image.width() != info.width() || image.height() != info.height()) {
            throw new BadInputException(file, "image is " + image.width() + "x" + image.height() + " but "
                    + annotationFile + " gives image id " + info.id() + " as " + info.width() + "x" + info.height());
        }
        return new Sample(id(index), image, mask(index), boxes(index), file, annotationFile);
    }

    private List<ObjectBox> boxes(int index) {
        List<ObjectBox> out = new ArrayList<>();
        CocoImage info = images.get(index);
        for (CocoAnnotation a : annotations.get(index)) {
            Box box = a.box();
            int trainId = spec.trainId(a.categoryId());
            if (box != null) {
                BoxBounds.requireInside(annotationFile, "annotation id " + a.id() + " of image id " + info.id(), box,
                        info.width(), info.height());
            }
            if (box != null && trainId != spec.ignoreIndex()) {
                out.add(new ObjectBox(box, trainId, a.crowd()));
            }
        }
        return out;
    }
}

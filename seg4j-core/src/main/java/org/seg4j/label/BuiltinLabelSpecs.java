package org.seg4j.label;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The label specs of the data sets seg4j reads, with their published class lists and palettes:
 * <ul>
 *   <li>{@code voc}: Pascal VOC 2012, 21 classes, the bit-interleaved VOC colour map, 255 = ignore (object borders).</li>
 *   <li>{@code cityscapes}: the 34 labelIds of cityscapesScripts' {@code labels.py} mapped to its 19 trainIds, all
 *       others to 255, with the official colours.</li>
 *   <li>{@code coco}: background + the 80 COCO thing categories, whose ids 1..90 are non-contiguous, mapped to
 *       1..80 in the order of their ids.</li>
 *   <li>{@code cocostuff}: COCO-Stuff 164k label PNGs (value = category id - 1, 255 = unlabelled): 80 things and 91
 *       stuff classes, mapped to the 171 contiguous ids used by common benchmarks.</li>
 *   <li>{@code camvid}: CamVid as released with SegNet, 11 classes, 11 = void/ignore, the SegNet colours.</li>
 *   <li>{@code binary}: 0/255 masks (0/1 also accepted): 0 = background, 1 = foreground.</li>
 *   <li>{@code isbi}: ISBI 2012 membranes, 0 = membrane (black on disk), 1 = cell (white on disk).</li>
 * </ul>
 */
public final class BuiltinLabelSpecs {
    private static final Map<String, Supplier<LabelSpec>> SPECS = Map.of(
            "voc", BuiltinLabelSpecs::voc,
            "cityscapes", BuiltinLabelSpecs::cityscapes,
            "coco", BuiltinLabelSpecs::coco,
            "cocostuff", BuiltinLabelSpecs::cocoStuff,
            "camvid", BuiltinLabelSpecs::camvid,
            "binary", BuiltinLabelSpecs::binary,
            "isbi", BuiltinLabelSpecs::isbi);

    private BuiltinLabelSpecs() {
    }

    /** Names of the built-in specs, sorted. */
    public static List<String> names() {
        return SPECS.keySet().stream().sorted().toList();
    }

    /** The built-in spec of that name, or null. */
    public static LabelSpec byName(String name) {
        Supplier<LabelSpec> s = SPECS.get(name.toLowerCase(Locale.ROOT));
        return s == null ? null : s.get();
    }

    static final List<String> VOC_CLASSES = List.of("background", "aeroplane", "bicycle", "bird", "boat", "bottle",
            "bus", "car", "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant",
            "sheep", "sofa", "train", "tvmonitor");

    /**
     * Colour i of the VOC colour map: the bits of i spread over the channels, most significant first
     * (VOCdevkit {@code labelcolormap.m}).
     */
    public static int vocColor(int index) {
        int r = 0;
        int g = 0;
        int b = 0;
        int c = index;
        for (int j = 7; j >= 0; j--) {
            r |= ((c) & 1) << j;
            g |= ((c >> 1) & 1) << j;
            b |= ((c >> 2) & 1) << j;
            c >>= 3;
        }
        return r << 16 | g << 8 | b;
    }

    public static LabelSpec voc() {
        LabelSpec.Builder b = LabelSpec.builder("voc").ignoreIndex(255).ignoreColor(vocColor(255));
        for (int i = 0; i < VOC_CLASSES.size(); i++) {
            b.addClass(VOC_CLASSES.get(i), vocColor(i));
        }
        return b.build();
    }

    /** Rows of cityscapesScripts' labels.py: labelId, name, trainId (255 = ignored), colour. */
    private static final Object[][] CITYSCAPES = {
        {0, "unlabeled", 255, 0x000000}, {1, "ego vehicle", 255, 0x000000},
        {2, "rectification border", 255, 0x000000}, {3, "out of roi", 255, 0x000000},
        {4, "static", 255, 0x000000}, {5, "dynamic", 255, 0x6F4A00}, {6, "ground", 255, 0x510051},
        {7, "road", 0, 0x804080}, {8, "sidewalk", 1, 0xF423E8}, {9, "parking", 255, 0xFAAAA0},
        {10, "rail track", 255, 0xE6968C}, {11, "building", 2, 0x464646}, {12, "wall", 3, 0x66669C},
        {13, "fence", 4, 0xBE9999}, {14, "guard rail", 255, 0xB4A5B4}, {15, "bridge", 255, 0x966464},
        {16, "tunnel", 255, 0x96785A}, {17, "pole", 5, 0x999999}, {18, "polegroup", 255, 0x999999},
        {19, "traffic light", 6, 0xFAAA1E}, {20, "traffic sign", 7, 0xDCDC00}, {21, "vegetation", 8, 0x6B8E23},
        {22, "terrain", 9, 0x98FB98}, {23, "sky", 10, 0x4682B4}, {24, "person", 11, 0xDC143C},
        {25, "rider", 12, 0xFF0000}, {26, "car", 13, 0x00008E}, {27, "truck", 14, 0x000046},
        {28, "bus", 15, 0x003C64}, {29, "caravan", 255, 0x00005A}, {30, "trailer", 255, 0x00006E},
        {31, "train", 16, 0x005064}, {32, "motorcycle", 17, 0x0000E6}, {33, "bicycle", 18, 0x770B20},
    };

    public static LabelSpec cityscapes() {
        LabelSpec.Builder b = LabelSpec.builder("cityscapes").ignoreIndex(255).ignoreColor(0x000000);
        for (int train = 0; train < 19; train++) {
            for (Object[] row : CITYSCAPES) {
                if ((int) row[2] == train) {
                    b.addClass((String) row[1], (int) row[3], (int) row[0]);
                }
            }
        }
        int[] ignored = java.util.Arrays.stream(CITYSCAPES).filter(r -> (int) r[2] == 255).mapToInt(r -> (int) r[0])
                .toArray();
        // 255 is where license plates (labelId -1) end up when written as uint8
        return b.ignoreDiskIds(ignored).ignoreDiskIds(255).build();
    }

    /** The 80 COCO thing categories: official id and name. */
    static final Object[][] COCO_THINGS = {
        {1, "person"}, {2, "bicycle"}, {3, "car"}, {4, "motorcycle"}, {5, "airplane"}, {6, "bus"}, {7, "train"},
        {8, "truck"}, {9, "boat"}, {10, "traffic light"}, {11, "fire hydrant"}, {13, "stop sign"},
        {14, "parking meter"}, {15, "bench"}, {16, "bird"}, {17, "cat"}, {18, "dog"}, {19, "horse"}, {20, "sheep"},
        {21, "cow"}, {22, "elephant"}, {23, "bear"}, {24, "zebra"}, {25, "giraffe"}, {27, "backpack"},
        {28, "umbrella"}, {31, "handbag"}, {32, "tie"}, {33, "suitcase"}, {34, "frisbee"}, {35, "skis"},
        {36, "snowboard"}, {37, "sports ball"}, {38, "kite"}, {39, "baseball bat"}, {40, "baseball glove"},
        {41, "skateboard"}, {42, "surfboard"}, {43, "tennis racket"}, {44, "bottle"}, {46, "wine glass"},
        {47, "cup"}, {48, "fork"}, {49, "knife"}, {50, "spoon"}, {51, "bowl"}, {52, "banana"}, {53, "apple"},
        {54, "sandwich"}, {55, "orange"}, {56, "broccoli"}, {57, "carrot"}, {58, "hot dog"}, {59, "pizza"},
        {60, "donut"}, {61, "cake"}, {62, "chair"}, {63, "couch"}, {64, "potted plant"}, {65, "bed"},
        {67, "dining table"}, {70, "toilet"}, {72, "tv"}, {73, "laptop"}, {74, "mouse"}, {75, "remote"},
        {76, "keyboard"}, {77, "cell phone"}, {78, "microwave"}, {79, "oven"}, {80, "toaster"}, {81, "sink"},
        {82, "refrigerator"}, {84, "book"}, {85, "clock"}, {86, "vase"}, {87, "scissors"}, {88, "teddy bear"},
        {89, "hair drier"}, {90, "toothbrush"},
    };

    /** COCO-Stuff's 91 stuff categories, ids 92..182 in order. */
    static final List<String> COCO_STUFF = List.of("banner", "blanket", "branch", "bridge", "building-other",
            "bush", "cabinet", "cage", "cardboard", "carpet", "ceiling-other", "ceiling-tile", "cloth", "clothes",
            "clouds", "counter", "cupboard", "curtain", "desk-stuff", "dirt", "door-stuff", "fence", "floor-marble",
            "floor-other", "floor-stone", "floor-tile", "floor-wood", "flower", "fog", "food-other", "fruit",
            "furniture-other", "grass", "gravel", "ground-other", "hill", "house", "leaves", "light", "mat", "metal",
            "mirror-stuff", "moss", "mountain", "mud", "napkin", "net", "paper", "pavement", "pillow", "plant-other",
            "plastic", "platform", "playingfield", "railing", "railroad", "river", "road", "rock", "roof", "rug",
            "salad", "sand", "sea", "shelf", "sky-other", "skyscraper", "snow", "solid-other", "stairs", "stone",
            "straw", "structural-other", "table", "tent", "textile-other", "towel", "tree", "vegetable",
            "wall-brick", "wall-concrete", "wall-other", "wall-panel", "wall-stone", "wall-tile", "wall-wood",
            "water-other", "waterdrops", "window-blind", "window-other", "wood");

    /** On-disk id = COCO category id; 0 = background, 255 = ignore (crowd regions). */
    public static LabelSpec coco() {
        LabelSpec.Builder b = LabelSpec.builder("coco").ignoreIndex(255).ignoreColor(0xFFFFFF);
        b.addClass("background", 0x000000, 0);
        for (Object[] row : COCO_THINGS) {
            b.addClass((String) row[1], vocColor(b.size()), (int) row[0]);
        }
        return b.build();
    }

    /** On-disk value = category id - 1 (COCO-Stuff 164k PNGs), 255 = unlabelled. */
    public static LabelSpec cocoStuff() {
        LabelSpec.Builder b = LabelSpec.builder("cocostuff").ignoreIndex(255).ignoreColor(0x000000);
        for (Object[] row : COCO_THINGS) {
            b.addClass((String) row[1], vocColor(b.size() + 1), (int) row[0] - 1);
        }
        for (int i = 0; i < COCO_STUFF.size(); i++) {
            b.addClass(COCO_STUFF.get(i), vocColor(b.size() + 1), 91 + i);
        }
        return b.build();
    }

    public static LabelSpec camvid() {
        return LabelSpec.builder("camvid")
                .addClass("Sky", 0x808080).addClass("Building", 0x800000).addClass("Pole", 0xC0C080)
                .addClass("Road", 0x804080).addClass("Pavement", 0x3C28DE).addClass("Tree", 0x808000)
                .addClass("SignSymbol", 0xC08080).addClass("Fence", 0x404080).addClass("Car", 0x400080)
                .addClass("Pedestrian", 0x404000).addClass("Bicyclist", 0x0080C0)
                .ignoreIndex(11).ignoreColor(0x000000).build();
    }

    public static LabelSpec binary() {
        return LabelSpec.builder("binary").addClass("background", 0x000000, 0)
                .addClass("foreground", 0xFFFFFF, 1, 255).ignoreIndex(254).ignoreColor(0xFF00FF)
                .ignoreDiskIds().build();
    }

    public static LabelSpec isbi() {
        return LabelSpec.builder("isbi").addClass("membrane", 0x000000, 0)
                .addClass("cell", 0xFFFFFF, 255).ignoreIndex(254).ignoreColor(0xFF00FF).ignoreDiskIds().build();
    }
}

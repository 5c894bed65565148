#!/usr/bin/python3
"""Generates tiny Pascal VOC 2012 and Cityscapes fixtures in their real on-disk formats, plus what a reader must find.

Run from anywhere with /usr/bin/python3 (numpy + PIL only):

    /usr/bin/python3 tools/reference/make_format_fixtures.py

Writes under seg4j-core/src/test/resources/fixtures/:

voc/VOC2012/   JPEGImages/<id>.jpg, SegmentationClass/<id>.png (palette PNG, VOC colour map, 255 borders),
               ImageSets/Segmentation/{train,val,trainval}.txt, Annotations/<id>.xml (official integer form)
voc/expected.json
cityscapes/    leftImg8bit/{split}/{city}/{city}_{seq}_{frame}_leftImg8bit.png (RGB PNG),
               gtFine/{split}/{city}/..._gtFine_labelIds.png (grey PNG of labelIds) and ..._gtFine_color.png (RGBA)
cityscapes/expected.json

The truth in expected.json is computed here, independently of the Java code: the VOC colour map by the bitget
algorithm of VOCdevkit's labelcolormap.m, VOC boxes straight from the object masks (0-based continuous pixel
coordinates, while the XML holds VOC's 1-based inclusive ones), and Cityscapes training-id histograms through the
labelId -> trainId table typed from cityscapesScripts' helpers/labels.py.
"""
import json
import os

import numpy as np
from PIL import Image

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, "seg4j-core", "src", "test", "resources", "fixtures")

VOC_CLASSES = ["background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
               "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train",
               "tvmonitor"]


def bitget(value, bit):
    return (value >> bit) & 1


def voc_colormap(n=256):
    """VOCdevkit labelcolormap.m: the bits of the index spread over R, G, B, most significant bit first."""
    cmap = np.zeros((n, 3), dtype=np.uint8)
    for i in range(n):
        r = g = b = 0
        c = i
        for j in range(8):
            r |= bitget(c, 0) << (7 - j)
            g |= bitget(c, 1) << (7 - j)
            b |= bitget(c, 2) << (7 - j)
            c >>= 3
        cmap[i] = (r, g, b)
    return cmap


def ellipse_mask(h, w, cx, cy, rx, ry):
    yy, xx = np.mgrid[0:h, 0:w]
    return ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 <= 1.0


def rect_mask(h, w, x0, y0, x1, y1):
    """Pixels x0..x1-1, y0..y1-1."""
    m = np.zeros((h, w), dtype=bool)
    m[y0:y1, x0:x1] = True
    return m


def dilate(mask):
    """8-neighbour dilation by one pixel."""
    p = np.pad(mask, 1)
    out = np.zeros_like(mask)
    h, w = mask.shape
    for dy in range(3):
        for dx in range(3):
            out |= p[dy:dy + h, dx:dx + w]
    return out


def erode(mask):
    return ~dilate(~mask)


# VOC samples: (id, split, width, height, objects); an object is (class, mask function, difficult, parts).
# Later objects are drawn over earlier ones, as VOC's occlusion order.
VOC_SAMPLES = [
    ("2007_000032", "train", 48, 32, [
        ("aeroplane", lambda h, w: rect_mask(h, w, 4, 6, 30, 16), False, []),
        ("person", lambda h, w: ellipse_mask(h, w, 38, 22, 5, 8), False, []),
    ]),
    ("2007_000033", "val", 48, 32, [
        ("aeroplane", lambda h, w: ellipse_mask(h, w, 16, 12, 12, 6), False, []),
        ("aeroplane", lambda h, w: rect_mask(h, w, 36, 24, 44, 29), True, []),
    ]),
    ("2007_000039", "train", 40, 36, [
        ("tvmonitor", lambda h, w: rect_mask(h, w, 6, 5, 24, 20), False, []),
        ("person", lambda h, w: rect_mask(h, w, 28, 8, 36, 34), True, [("head", (29, 9, 35, 15))]),
    ]),
]


def voc_xml(sample_id, width, height, objects):
    lines = ["<annotation>", "\t<folder>VOC2012</folder>", "\t<filename>%s.jpg</filename>" % sample_id,
             "\t<source>", "\t\t<database>The VOC2007 Database</database>",
             "\t\t<annotation>PASCAL VOC2007</annotation>", "\t\t<image>flickr</image>", "\t</source>",
             "\t<size>", "\t\t<width>%d</width>" % width, "\t\t<height>%d</height>" % height,
             "\t\t<depth>3</depth>", "\t</size>", "\t<segmented>1</segmented>"]
    for name, (xmin, ymin, xmax, ymax), difficult, parts in objects:
        lines += ["\t<object>", "\t\t<name>%s</name>" % name, "\t\t<pose>Unspecified</pose>",
                  "\t\t<truncated>0</truncated>", "\t\t<difficult>%d</difficult>" % int(difficult),
                  "\t\t<bndbox>", "\t\t\t<xmin>%d</xmin>" % xmin, "\t\t\t<ymin>%d</ymin>" % ymin,
                  "\t\t\t<xmax>%d</xmax>" % xmax, "\t\t\t<ymax>%d</ymax>" % ymax, "\t\t</bndbox>"]
        for part_name, (pxmin, pymin, pxmax, pymax) in parts:
            lines += ["\t\t<part>", "\t\t\t<name>%s</name>" % part_name, "\t\t\t<bndbox>",
                      "\t\t\t\t<xmin>%d</xmin>" % pxmin, "\t\t\t\t<ymin>%d</ymin>" % pymin,
                      "\t\t\t\t<xmax>%d</xmax>" % pxmax, "\t\t\t\t<ymax>%d</ymax>" % pymax,
                      "\t\t\t</bndbox>", "\t\t</part>"]
        lines.append("\t</object>")
    lines.append("</annotation>")
    return "\n".join(lines) + "\n"


def histogram(labels):
    values, counts = np.unique(labels, return_counts=True)
    return {str(int(v)): int(c) for v, c in zip(values, counts)}


def photo(labels, colors, seed):
    """A plausible image: each region in its class colour, a gradient and a little noise."""
    rng = np.random.default_rng(seed)
    h, w = labels.shape
    img = colors[labels].astype(np.float64) * 0.7
    img += np.linspace(0, 40, w)[None, :, None] + np.linspace(0, 30, h)[:, None, None]
    img += rng.normal(0, 4, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def make_voc():
    root = os.path.join(FIXTURES, "voc", "VOC2012")
    cmap = voc_colormap()
    splits = {"train": [], "val": []}
    expected_samples = {}
    for seed, (sample_id, split, w, h, objects) in enumerate(VOC_SAMPLES):
        labels = np.zeros((h, w), dtype=np.uint8)
        masks = []
        for name, make_mask, _, _ in objects:
            mask = make_mask(h, w)
            labels[mask] = VOC_CLASSES.index(name)
            masks.append(mask)
        # VOC marks object outlines (and uncertain pixels) 255: here the 1-pixel band straddling each outline
        border = np.zeros((h, w), dtype=bool)
        for mask in masks:
            border |= dilate(mask) & ~erode(mask)
        labels[border] = 255

        boxes = []
        xml_objects = []
        for (name, _, difficult, parts), mask in zip(objects, masks):
            ys, xs = np.nonzero(mask)
            x0, y0, x1, y1 = int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())
            # the XML holds 1-based inclusive pixel indices; a reader must give the continuous box they cover
            xml_objects.append((name, (x0 + 1, y0 + 1, x1 + 1, y1 + 1), difficult, parts))
            boxes.append({"name": name, "classId": VOC_CLASSES.index(name), "x1": x0, "y1": y0,
                          "x2": x1 + 1, "y2": y1 + 1, "difficult": difficult})

        os.makedirs(os.path.join(root, "JPEGImages"), exist_ok=True)
        os.makedirs(os.path.join(root, "SegmentationClass"), exist_ok=True)
        Image.fromarray(photo(labels, cmap, seed), "RGB").save(
            os.path.join(root, "JPEGImages", sample_id + ".jpg"), quality=90)
        png = Image.fromarray(labels, "P")
        png.putpalette(cmap.flatten().tolist())
        png.save(os.path.join(root, "SegmentationClass", sample_id + ".png"))
        write_text(os.path.join(root, "Annotations", sample_id + ".xml"), voc_xml(sample_id, w, h, xml_objects))

        splits[split].append(sample_id)
        expected_samples[sample_id] = {"width": w, "height": h, "histogram": histogram(labels), "boxes": boxes}

    splits = {k: sorted(v) for k, v in splits.items()}
    splits["trainval"] = sorted(splits["train"] + splits["val"])
    for split, ids in splits.items():
        write_text(os.path.join(root, "ImageSets", "Segmentation", split + ".txt"), "".join(i + "\n" for i in ids))
    palette = {str(i): "%02x%02x%02x" % tuple(int(c) for c in cmap[i]) for i in list(range(len(VOC_CLASSES))) + [255]}
    expected = {"root": "VOC2012", "splits": splits, "samples": expected_samples, "palette": palette}
    write_text(os.path.join(FIXTURES, "voc", "expected.json"), json.dumps(expected, indent=1, sort_keys=True) + "\n")


# cityscapesScripts helpers/labels.py: (name, id, trainId, color); trainId 255 = not trained on
CITYSCAPES_LABELS = [
    ("unlabeled", 0, 255, (0, 0, 0)), ("ego vehicle", 1, 255, (0, 0, 0)),
    ("rectification border", 2, 255, (0, 0, 0)), ("out of roi", 3, 255, (0, 0, 0)),
    ("static", 4, 255, (0, 0, 0)), ("dynamic", 5, 255, (111, 74, 0)), ("ground", 6, 255, (81, 0, 81)),
    ("road", 7, 0, (128, 64, 128)), ("sidewalk", 8, 1, (244, 35, 232)), ("parking", 9, 255, (250, 170, 160)),
    ("rail track", 10, 255, (230, 150, 140)), ("building", 11, 2, (70, 70, 70)), ("wall", 12, 3, (102, 102, 156)),
    ("fence", 13, 4, (190, 153, 153)), ("guard rail", 14, 255, (180, 165, 180)),
    ("bridge", 15, 255, (150, 100, 100)), ("tunnel", 16, 255, (150, 120, 90)), ("pole", 17, 5, (153, 153, 153)),
    ("polegroup", 18, 255, (153, 153, 153)), ("traffic light", 19, 6, (250, 170, 30)),
    ("traffic sign", 20, 7, (220, 220, 0)), ("vegetation", 21, 8, (107, 142, 35)),
    ("terrain", 22, 9, (152, 251, 152)), ("sky", 23, 10, (70, 130, 180)), ("person", 24, 11, (220, 20, 60)),
    ("rider", 25, 12, (255, 0, 0)), ("car", 26, 13, (0, 0, 142)), ("truck", 27, 14, (0, 0, 70)),
    ("bus", 28, 15, (0, 60, 100)), ("caravan", 29, 255, (0, 0, 90)), ("trailer", 30, 255, (0, 0, 110)),
    ("train", 31, 16, (0, 80, 100)), ("motorcycle", 32, 17, (0, 0, 230)), ("bicycle", 33, 18, (119, 11, 32)),
]

# (split, city, seq, frame): real Cityscapes frame names
CITYSCAPES_FRAMES = [
    ("train", "aachen", "000000", "000019"),
    ("val", "frankfurt", "000000", "000294"),
    ("val", "frankfurt", "000000", "000576"),
    ("val", "lindau", "000000", "000019"),
]


def cityscapes_label_ids(index, w=64, h=32):
    """A street scene: sky, buildings, vegetation, road and sidewalk, a car and a person; one frame also carries a
    strip with every labelId 0..33 so the whole mapping is exercised."""
    ids = np.zeros((h, w), dtype=np.uint8)
    ids[0:8, :] = 23                      # sky
    ids[8:18, :] = 11                     # building
    ids[8:18, 40 + index:52 + index] = 21  # vegetation
    ids[18:26, :] = 7                     # road
    ids[26:32, :] = 8                     # sidewalk
    ids[14:24, 6 + 4 * index:22 + 4 * index] = 26  # car
    ids[12:26, 30:33] = 24                # person
    ids[0:2, 0:4] = 1                     # ego vehicle / border ids along the frame, as in the real data
    ids[30:32, 60:64] = 3
    if index == 1:
        for label_id in range(34):
            ids[29:31, 2 + label_id] = label_id
    return ids


def make_cityscapes():
    root = os.path.join(FIXTURES, "cityscapes")
    id_to_train = np.full(256, 255, dtype=np.uint8)
    colors = np.zeros((256, 3), dtype=np.uint8)
    for _, label_id, train_id, color in CITYSCAPES_LABELS:
        id_to_train[label_id] = train_id
        colors[label_id] = color
    splits = {}
    samples = {}
    for index, (split, city, seq, frame) in enumerate(CITYSCAPES_FRAMES):
        sample_id = "%s_%s_%s" % (city, seq, frame)
        ids = cityscapes_label_ids(index)
        img_dir = os.path.join(root, "leftImg8bit", split, city)
        gt_dir = os.path.join(root, "gtFine", split, city)
        os.makedirs(img_dir, exist_ok=True)
        os.makedirs(gt_dir, exist_ok=True)
        Image.fromarray(photo(ids, colors, 100 + index), "RGB").save(
            os.path.join(img_dir, sample_id + "_leftImg8bit.png"), optimize=True)
        Image.fromarray(ids, "L").save(os.path.join(gt_dir, sample_id + "_gtFine_labelIds.png"), optimize=True)
        rgba = np.concatenate([colors[ids], np.full(ids.shape + (1,), 255, dtype=np.uint8)], axis=2)
        Image.fromarray(rgba, "RGBA").save(os.path.join(gt_dir, sample_id + "_gtFine_color.png"), optimize=True)
        splits.setdefault(split, []).append(sample_id)
        samples[sample_id] = {"split": split, "width": ids.shape[1], "height": ids.shape[0],
                              "histogram": histogram(id_to_train[ids])}
    expected = {"splits": {k: sorted(v) for k, v in splits.items()}, "samples": samples}
    write_text(os.path.join(root, "expected.json"), json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    make_voc()
    make_cityscapes()

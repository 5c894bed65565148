#!/usr/bin/python3
"""Reference Pascal VOC detection AP (VOC2010+ devkit: VOCevaldet.m + VOCap.m) in numpy, and the fixture seg4j's
DetectionApReferenceTest compares against to 1e-12.

Written from the devkit's algorithm, array style (as py-faster-rcnn's voc_eval.py does), not from seg4j's Java:
detections of a class sorted by descending confidence (stable sort), each matched to the ground truth of highest
overlap in its image (difficult ones included); overlap >= 0.5 with a difficult object -> ignored; with a free
non-difficult object -> TP (object marked); otherwise FP. Recall over non-difficult objects; precision made monotone
from the right; AP = sum over recall changes of delta-recall * precision. Boxes are continuous [x1, y1, x2, y2]
(no devkit +1: seg4j's boxes are already continuous).

Run: /usr/bin/python3 tools/reference/detection_ap.py
Writes seg4j-core/src/test/resources/fixtures/detection/voc_ap_random.json: the random images (ground truth with a
difficult flag, scored detections), and per class AP, positives, TP count, plus the mean AP.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seg4j-core", "src", "test", "resources",
                   "fixtures", "detection", "voc_ap_random.json")
CLASSES = 3
IMAGES = 40
IOU = 0.5


def iou(box, boxes):
    ix = np.clip(np.minimum(boxes[:, 2], box[2]) - np.maximum(boxes[:, 0], box[0]), 0, None)
    iy = np.clip(np.minimum(boxes[:, 3], box[3]) - np.maximum(boxes[:, 1], box[1]), 0, None)
    inter = ix * iy
    union = (box[2] - box[0]) * (box[3] - box[1]) + (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]) - inter
    return inter / union


def voc_ap(rec, prec):
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    i = np.where(mrec[1:] != mrec[:-1])[0] + 1
    return float(np.sum((mrec[i] - mrec[i - 1]) * mpre[i]))


def class_ap(images, cls):
    gt = []
    npos = 0
    for im in images:
        boxes = np.array([g["box"] for g in im["truth"] if g["classId"] == cls], dtype=float).reshape(-1, 4)
        diff = np.array([g["difficult"] for g in im["truth"] if g["classId"] == cls], dtype=bool)
        gt.append({"boxes": boxes, "difficult": diff, "taken": np.zeros(len(diff), dtype=bool)})
        npos += int((~diff).sum())
    dets = [(i, d) for i, im in enumerate(images) for d in im["detections"] if d["classId"] == cls]
    conf = np.array([d["score"] for _, d in dets])
    order = np.argsort(-conf, kind="stable")
    tp, fp = [], []
    for k in order:
        i, d = dets[k]
        g = gt[i]
        if len(g["boxes"]) == 0:
            tp.append(0); fp.append(1)
            continue
        ov = iou(np.array(d["box"]), g["boxes"])
        j = int(np.argmax(ov))
        if ov[j] >= IOU:
            if g["difficult"][j]:
                continue
            if not g["taken"][j]:
                g["taken"][j] = True
                tp.append(1); fp.append(0)
            else:
                tp.append(0); fp.append(1)
        else:
            tp.append(0); fp.append(1)
    tp = np.cumsum(np.array(tp, dtype=float))
    fp = np.cumsum(np.array(fp, dtype=float))
    rec = tp / npos
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    return {"classId": cls, "ap": voc_ap(rec, prec), "positives": npos, "detections": len(tp),
            "truePositives": int(tp[-1]) if len(tp) else 0}


def random_images(rng):
    images = []
    for _ in range(IMAGES):
        truth, dets = [], []
        for _ in range(rng.integers(0, 5)):
            x, y = rng.uniform(0, 400, 2)
            w, h = rng.uniform(20, 120, 2)
            g = {"box": [x, y, x + w, y + h], "classId": int(rng.integers(CLASSES)), "difficult": bool(rng.random() < 0.15)}
            truth.append(g)
            # 0 to 2 noisy detections of it (a second one is a duplicate), sometimes with a wrong class
            for _ in range(rng.integers(0, 3)):
                jitter = rng.normal(0, 0.15, 4) * np.array([w, h, w, h])
                cls = g["classId"] if rng.random() < 0.85 else int(rng.integers(CLASSES))
                b = np.array(g["box"]) + jitter
                if b[2] > b[0] and b[3] > b[1]:
                    dets.append({"box": [float(v) for v in b], "classId": cls, "score": float(rng.random())})
        for _ in range(rng.integers(0, 3)):  # background false positives
            x, y = rng.uniform(0, 400, 2)
            w, h = rng.uniform(20, 120, 2)
            dets.append({"box": [x, y, x + w, y + h], "classId": int(rng.integers(CLASSES)), "score": float(rng.random())})
        images.append({"truth": [{**g, "box": [float(v) for v in g["box"]]} for g in truth], "detections": dets})
    return images


def main():
    rng = np.random.default_rng(20240606)
    images = random_images(rng)
    per_class = [class_ap(images, c) for c in range(CLASSES)]
    result = {"iou": IOU, "images": images, "perClass": per_class,
              "meanAp": float(np.mean([c["ap"] for c in per_class]))}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(result, f)
    for c in per_class:
        print(c)
    print("mAP", result["meanAp"])


if __name__ == "__main__":
    main()

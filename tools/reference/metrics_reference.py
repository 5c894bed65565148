#!/usr/bin/env python3
"""Reference segmentation metrics computed with numpy, for seg4j's org.seg4j.metrics tests.

Definitions: Long, Shelhamer, Darrell, "Fully Convolutional Networks for Semantic Segmentation", CVPR 2015, sec. 5,
with seg4j's conventions (docs/metrics.md):
  - ground-truth pixels equal to the ignore index are not counted;
  - a prediction that is not a class (>= number of classes) at a counted pixel is "unassigned": a miss of its
    ground-truth class (counts in t_i) but a false positive of no class;
  - a class absent from both ground truth and prediction has NaN scores and is left out of the means;
  - a class with no ground truth but some predictions has NaN accuracy (left out of mean accuracy), IoU 0 (in mIoU).

The confusion matrix is built with np.bincount, independently of the Java code. Writes, under
seg4j-core/src/test/resources/fixtures/metrics/:
  - tiny_*_gt.png / tiny_*_pred.png and tiny_reference.json: small generated label maps (no shared data needed);
  - demo_reference.json: the bundled demo's predictions (demo/) against its labels;
  - camvid_val_reference.json: the 101 CamVid val label maps against predictions derived from them by two
    deterministic rules (shift, degrade) that the Java test reproduces; skipped when the data is absent.

Run from anywhere:  /usr/bin/python3 tools/reference/metrics_reference.py [CAMVID_DIR]
(default CAMVID_DIR: ../shared/data/camvid beside the repository root). Needs numpy and PIL only.
"""
import json
import os
import sys

import numpy as np
from PIL import Image

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "seg4j-core", "src", "test", "resources", "fixtures", "metrics")
CAMVID_CLASSES = ["Sky", "Building", "Pole", "Road", "Pavement", "Tree", "SignSymbol", "Fence", "Car",
                  "Pedestrian", "Bicyclist"]
CAMVID_IGNORE = 11


def confusion(gt, pred, nc, ignore):
    """nc x (nc+1) counts: rows ground truth, columns prediction, last column unassigned (prediction not a class)."""
    keep = gt != ignore
    g = gt[keep].astype(np.int64)
    p = pred[keep].astype(np.int64)
    if (g >= nc).any():
        raise ValueError("ground truth holds a value that is neither a class nor ignore")
    p = np.minimum(p, nc)
    return np.bincount(g * (nc + 1) + p, minlength=nc * (nc + 1)).reshape(nc, nc + 1)


def nan_to_none(values):
    return [None if np.isnan(v) else float(v) for v in values]


def scalar(v):
    return None if np.isnan(v) else float(v)


def metrics(cm, class_names):
    nc = cm.shape[0]
    n = cm[:, :nc].astype(np.float64)
    t = cm.sum(axis=1).astype(np.float64)          # t_i, unassigned included
    diag = np.diag(n)                               # n_ii
    col = n.sum(axis=0)                             # sum_j n_ji
    union = t + col - diag
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = np.where(union > 0, diag / union, np.nan)
        acc = np.where(t > 0, diag / t, np.nan)
        dice = np.where(t + col > 0, 2 * diag / (t + col), np.nan)
    has_gt = t > 0
    present = union > 0
    total = t.sum()
    return {
        "pixels": int(cm.sum()),
        "pixelAccuracy": scalar(diag.sum() / total if total > 0 else np.nan),
        "meanAccuracy": scalar(acc[has_gt].mean() if has_gt.any() else np.nan),
        "mIoU": scalar(iou[present].mean() if present.any() else np.nan),
        "fwIoU": scalar((t[has_gt] * iou[has_gt]).sum() / total if total > 0 else np.nan),
        "iou": nan_to_none(iou),
        "accuracy": nan_to_none(acc),
        "dice": nan_to_none(dice),
        "gtPixels": [int(v) for v in t],
        "absentClasses": [class_names[i] for i in range(nc) if not present[i]],
        "confusion": cm[:, :nc].tolist(),
        "unassigned": cm[:, nc].tolist(),
    }


def shift_rule(gt):
    """pred(x, y) = gt(x - 7, y - 3), coordinates clamped to the image (edge replication)."""
    h, w = gt.shape
    return np.pad(gt, ((3, 0), (7, 0)), mode="edge")[:h, :w]


def degrade_rule(gt, k):
    """Pixel i = y*W + x of image k (sorted order) becomes (gt + 1 + (i*7 + k) % 3) % 11 when
    (i*2654435761 + k) % 10007 < 1500 (unsigned 64-bit; no overflow for i < 3e9) and gt is not 11; else gt."""
    i = np.arange(gt.size, dtype=np.uint64)
    k64 = np.uint64(k)
    hit = (i * np.uint64(2654435761) + k64) % np.uint64(10007) < np.uint64(1500)
    flat = gt.reshape(-1).astype(np.uint64)
    changed = (flat + np.uint64(1) + (i * np.uint64(7) + k64) % np.uint64(3)) % np.uint64(11)
    out = np.where(hit & (flat != CAMVID_IGNORE), changed, flat).astype(np.uint8)
    return out.reshape(gt.shape)


def camvid(camvid_dir):
    annot = os.path.join(camvid_dir, "valannot")
    files = sorted(f for f in os.listdir(annot) if f.endswith(".png"))
    nc = len(CAMVID_CLASSES)
    cms = {"shift": np.zeros((nc, nc + 1), np.int64), "degrade": np.zeros((nc, nc + 1), np.int64)}
    for k, name in enumerate(files):
        gt = np.array(Image.open(os.path.join(annot, name)))
        cms["shift"] += confusion(gt, shift_rule(gt), nc, CAMVID_IGNORE)
        cms["degrade"] += confusion(gt, degrade_rule(gt, k), nc, CAMVID_IGNORE)
    return {
        "generator": "tools/reference/metrics_reference.py (numpy " + np.__version__ + ")",
        "data": "CamVid valannot (SegNet release), files in sorted name order",
        "files": len(files),
        "classNames": CAMVID_CLASSES,
        "ignoreIndex": CAMVID_IGNORE,
        "rules": {rule: metrics(cm, CAMVID_CLASSES) for rule, cm in cms.items()},
    }


def tiny_cases():
    """Small label maps with every special case: ignore pixels, an unassigned prediction (the ignore value and a junk
    value), a class only predicted, a class absent from both."""
    rng = np.random.RandomState(20240607)
    cases = {}
    # 5 classes, ignore 255: class 3 appears only in the prediction, class 4 nowhere.
    gt = rng.choice([0, 1, 2, 255], size=(7, 9), p=[0.4, 0.3, 0.2, 0.1]).astype(np.uint8)
    pred = gt.copy()
    flip = rng.rand(7, 9) < 0.35
    pred[flip] = rng.choice([0, 1, 2, 3, 255, 9], size=int(flip.sum()), p=[0.2, 0.2, 0.2, 0.2, 0.1, 0.1])
    cases["tiny_a"] = (gt, pred, ["zero", "one", "two", "three", "four"], 255)
    # binary with ignore 255: blocky ground truth, noisy prediction.
    gt = np.kron(rng.randint(0, 2, size=(3, 4)), np.ones((4, 4), np.int64)).astype(np.uint8)
    gt[rng.rand(12, 16) < 0.05] = 255
    pred = np.where(rng.rand(12, 16) < 0.2, 1 - np.minimum(gt, 1), np.minimum(gt, 1)).astype(np.uint8)
    cases["tiny_b"] = (gt, pred, ["background", "foreground"], 255)
    out = {"generator": "tools/reference/metrics_reference.py (numpy " + np.__version__ + ")", "cases": {}}
    for name, (gt, pred, classes, ignore) in cases.items():
        Image.fromarray(gt, mode="L").save(os.path.join(OUT, name + "_gt.png"))
        Image.fromarray(pred, mode="L").save(os.path.join(OUT, name + "_pred.png"))
        entry = {"gt": name + "_gt.png", "pred": name + "_pred.png", "classNames": classes, "ignoreIndex": ignore}
        entry.update(metrics(confusion(gt, pred, len(classes), ignore), classes))
        out["cases"][name] = entry
    return out


def demo():
    """The bundled demo: demo/camvid/valannot against demo/predictions/colour-position-baseline."""
    annot = os.path.join(REPO, "demo", "camvid", "valannot")
    preds = os.path.join(REPO, "demo", "predictions", "colour-position-baseline")
    nc = len(CAMVID_CLASSES)
    cm = np.zeros((nc, nc + 1), np.int64)
    files = sorted(f for f in os.listdir(annot) if f.endswith(".png"))
    for name in files:
        gt = np.array(Image.open(os.path.join(annot, name)))
        cm += confusion(gt, np.array(Image.open(os.path.join(preds, name))), nc, CAMVID_IGNORE)
    out = {"generator": "tools/reference/metrics_reference.py (numpy " + np.__version__ + ")",
           "data": "demo/camvid (val) against demo/predictions/colour-position-baseline", "files": len(files),
           "classNames": CAMVID_CLASSES, "ignoreIndex": CAMVID_IGNORE}
    out.update(metrics(cm, CAMVID_CLASSES))
    return out


def write_json(name, obj):
    path = os.path.join(OUT, name)
    with open(path + ".tmp", "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("wrote", path)


def main():
    os.makedirs(OUT, exist_ok=True)
    write_json("tiny_reference.json", tiny_cases())
    write_json("demo_reference.json", demo())
    camvid_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data", "camvid")
    if os.path.isdir(os.path.join(camvid_dir, "valannot")):
        write_json("camvid_val_reference.json", camvid(camvid_dir))
    else:
        print("CamVid not found at", camvid_dir, "- camvid_val_reference.json not regenerated")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference values for seg4j's per-pixel losses, computed with PyTorch (Debian's python3-torch).

Writes seg4j-nn/src/test/resources/fixtures/loss/losses.json: random NCHW logits, NHW labels with ignored pixels,
class weights, and for each loss its value and its gradient with respect to the logits:
  - cross_entropy: torch.nn.functional.cross_entropy(logits, labels, ignore_index=255) (mean over non-ignored pixels)
  - weighted_cross_entropy: the same with weight=class_weights (sum w_y * nll / sum w_y over non-ignored pixels)
  - dice: 1 - mean over classes of (2 sum p*y + 1) / (sum p + sum y + 1), p = softmax(logits), y = one-hot labels,
    both over non-ignored pixels only (the soft Dice loss of Milletari et al. 2016, V-Net, with smoothing 1)

Run: /usr/bin/python3 tools/reference/losses.py
"""
import json
import os

import torch
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "seg4j-nn", "src", "test", "resources", "fixtures", "loss", "losses.json")
IGNORE = 255


def dice_loss(logits, labels, classes, smooth=1.0):
    valid = (labels != IGNORE).unsqueeze(1).to(logits.dtype)
    p = logits.softmax(dim=1) * valid
    y = F.one_hot(torch.where(labels == IGNORE, torch.zeros_like(labels), labels), classes)
    y = y.permute(0, 3, 1, 2).to(logits.dtype) * valid
    dims = (0, 2, 3)
    dice = (2 * (p * y).sum(dims) + smooth) / (p.sum(dims) + y.sum(dims) + smooth)
    return 1 - dice.mean()


def case(loss_fn, logits, labels):
    x = logits.clone().requires_grad_(True)
    value = loss_fn(x, labels)
    value.backward()
    return {"value": value.item(), "grad": x.grad.flatten().tolist()}


def main():
    torch.manual_seed(7)
    n, c, h, w = 2, 5, 6, 7
    logits = torch.randn(n, c, h, w, dtype=torch.float64) * 2
    labels = torch.randint(0, c, (n, h, w))
    labels[torch.rand(n, h, w) < 0.2] = IGNORE
    weights = torch.tensor([0.5, 1.0, 2.0, 4.0, 0.25], dtype=torch.float64)
    out = {
        "generator": "tools/reference/losses.py (torch " + torch.__version__ + ")",
        "shape": [n, c, h, w], "ignoreIndex": IGNORE,
        "logits": logits.flatten().tolist(), "labels": labels.flatten().tolist(), "classWeights": weights.tolist(),
        "cross_entropy": case(lambda x, y: F.cross_entropy(x, y, ignore_index=IGNORE), logits, labels),
        "weighted_cross_entropy": case(lambda x, y: F.cross_entropy(x, y, weight=weights, ignore_index=IGNORE),
                                       logits, labels),
        "dice": case(lambda x, y: dice_loss(x, y, c), logits, labels),
    }
    with open(OUT + ".tmp", "w") as f:
        json.dump(out, f)
    os.replace(OUT + ".tmp", OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()

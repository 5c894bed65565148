#!/usr/bin/env python3
"""Makes the demo's sample predictions: a naive-Bayes pixel classifier trained on CamVid train.

Each pixel gets argmax_c [log P(c | position cell) + log P(colour bin | c)], with the position prior counted on a
grid of 30x30-pixel cells and the colour likelihood on an 8x8x8 RGB histogram, both from the 367 CamVid train
labels (void pixels, label 11, are left out), Laplace-smoothed. It is a deliberately simple, honest baseline: the
demo scores it with `seg4j eval`; networks trained by seg4j replace it later.

Usage: /usr/bin/python3 tools/demo/colour_position_baseline.py CAMVID_DIR OUT_DIR ID [ID ...]
Writes OUT_DIR/<ID>.png (8-bit grey PNG holding class indices 0..10, like CamVid's own labels).
"""
import os
import sys

import numpy as np
from PIL import Image

CLASSES, VOID, CELL, BINS = 11, 11, 30, 8


def load(path):
    return np.asarray(Image.open(path))


def colour_bins(rgb):
    q = (rgb // (256 // BINS)).astype(np.int64)
    return (q[..., 0] * BINS + q[..., 1]) * BINS + q[..., 2]


def main(camvid, out_dir, ids):
    names = [line.split()[0].split('/')[-1] for line in open(os.path.join(camvid, 'train.txt')) if line.strip()]
    h, w = 360, 480
    cells = (h // CELL) * (w // CELL)
    cell_of = ((np.arange(h)[:, None] // CELL) * (w // CELL) + np.arange(w)[None, :] // CELL).ravel()
    prior = np.ones((cells, CLASSES))
    colour = np.ones((CLASSES, BINS ** 3))
    for name in names:
        rgb = load(os.path.join(camvid, 'train', name))
        lab = load(os.path.join(camvid, 'trainannot', name)).ravel().astype(np.int64)
        keep = lab != VOID
        np.add.at(prior, (cell_of[keep], lab[keep]), 1)
        np.add.at(colour, (lab[keep], colour_bins(rgb).ravel()[keep]), 1)
    log_prior = np.log(prior / prior.sum(axis=1, keepdims=True))
    log_colour = np.log(colour / colour.sum(axis=1, keepdims=True))
    os.makedirs(out_dir, exist_ok=True)
    for image_id in ids:
        rgb = load(os.path.join(camvid, 'val', image_id + '.png'))
        score = log_prior[cell_of] + log_colour[:, colour_bins(rgb).ravel()].T
        pred = score.argmax(axis=1).astype(np.uint8).reshape(h, w)
        Image.fromarray(pred, mode='L').save(os.path.join(out_dir, image_id + '.png'))
        print(image_id, 'pixel accuracy vs ground truth (void excluded): %.4f' % (
            lambda g: (pred[g != VOID] == g[g != VOID]).mean())(load(os.path.join(camvid, 'valannot', image_id + '.png'))))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])

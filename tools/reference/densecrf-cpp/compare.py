#!/usr/bin/python3
"""Compares seg4j's CRF marginals with densecrf's on the dumped input (see README.md).

Usage: compare.py DIR ITERATIONS  (reads DIR/cpp_q{N}.npy, DIR/cpp_map{N}.npy and DIR/seg4j_q{N}.npy)
"""
import sys

import numpy as np

folder, n = sys.argv[1], sys.argv[2]
seg4j = np.load(f"{folder}/seg4j_q{n}.npy")
cpp = np.load(f"{folder}/cpp_q{n}.npy")
cpp_map = np.load(f"{folder}/cpp_map{n}.npy")
if seg4j.shape != cpp.shape:
    sys.exit(f"error shapes differ: seg4j {seg4j.shape}, densecrf {cpp.shape}")
diff = np.abs(seg4j - cpp)
agree = (seg4j.argmax(0) == cpp_map).mean()
print(f"iterations {n}: MAP labels equal on {100 * agree:.4f}% of pixels; |Q difference| mean {diff.mean():.2e}, "
      f"max {diff.max():.2e}")

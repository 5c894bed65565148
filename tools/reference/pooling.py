#!/usr/bin/env python3
"""Reference max pooling with indices and max unpooling from PyTorch (F.max_pool2d(return_indices=True),
F.max_unpool2d), for seg4j's org.seg4j.nn.layer.MaxPool2dIndices / MaxUnpool2d tests.

For each case (kernel, stride, padding, ceil_mode, input size) writes one .npz under
seg4j-nn/src/test/resources/fixtures/pooling/ holding: x [2, 3, H, W] (float32, distinct values so the argmax is
unique), y (pooled values), idx (int64 indices, PyTorch convention h * W + w in each input plane), r and gx (the
gradient of sum(y * r) with respect to x), u (F.max_unpool2d(y, idx, kernel, stride, padding, output_size=(H, W))),
params int64 [kh, kw, sh, sw, ph, pw, ceil_mode].
Run: /usr/bin/python3 tools/reference/pooling.py   (needs numpy and torch).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "seg4j-nn", "src", "test", "resources", "fixtures", "pooling")

# name: ((kh, kw), (sh, sw), (ph, pw), ceil_mode, (H, W))
CASES = {
    "k2_s2": ((2, 2), (2, 2), (0, 0), False, (6, 8)),
    "k2_s2_odd_floor": ((2, 2), (2, 2), (0, 0), False, (7, 9)),
    "k2_s2_odd_ceil": ((2, 2), (2, 2), (0, 0), True, (7, 9)),
    "k3_s2_p1": ((3, 3), (2, 2), (1, 1), False, (7, 8)),
    "k3_s2_ceil": ((3, 3), (2, 2), (0, 0), True, (8, 9)),
    "k3_s1_p1": ((3, 3), (1, 1), (1, 1), False, (5, 6)),
    "k3x2_s1x2_p1x0": ((3, 2), (1, 2), (1, 0), False, (5, 7)),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(5)
    for name, (k, s, p, ceil, size) in CASES.items():
        n = 2 * 3 * size[0] * size[1]
        x = (torch.randperm(n).float() / n - 0.5).reshape(2, 3, *size).requires_grad_(True)
        y, idx = F.max_pool2d(x, k, s, p, ceil_mode=ceil, return_indices=True)
        r = torch.randn_like(y)
        (y * r).sum().backward()
        u = F.max_unpool2d(y.detach(), idx, k, s, p, output_size=size)
        np.savez(os.path.join(OUT, name + ".npz"), x=x.detach().numpy(), y=y.detach().numpy(), idx=idx.numpy(),
                 r=r.numpy(), gx=x.grad.numpy(), u=u.numpy(),
                 params=np.array([*k, *s, *p, int(ceil)], dtype=np.int64))
        print(name, tuple(y.shape))


if __name__ == "__main__":
    main()

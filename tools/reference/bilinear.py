#!/usr/bin/env python3
"""Reference bilinear resizing from PyTorch's F.interpolate(mode='bilinear'), for seg4j's
org.seg4j.nn.layer.BilinearResize tests.

For each case writes one .npz under seg4j-nn/src/test/resources/fixtures/bilinear/ holding: x [2, 3, H, W], y, r and
gx (the gradient of sum(y * r) with respect to x), all float32, and params float64 [outH, outW, alignCorners,
scaleH, scaleW] where scale is 0 when the case gives a size (F.interpolate(size=...)) and the factor when it gives
a scale (F.interpolate(scale_factor=..., recompute_scale_factor=None), PyTorch 1.13 semantics).
Run: /usr/bin/python3 tools/reference/bilinear.py   (needs numpy and torch).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "seg4j-nn", "src", "test", "resources", "fixtures", "bilinear")

# name: (input (H, W), size or None, scale or None)
CASES = {
    "up_size": ((5, 7), (13, 17), None),
    "down_size": ((12, 9), (5, 4), None),
    "mixed_size": ((6, 10), (11, 3), None),
    "up_scale_x8": ((3, 4), None, (8.0, 8.0)),
    "up_scale_2_5": ((5, 3), None, (2.5, 1.5)),
    "down_scale_half": ((9, 8), None, (0.5, 0.5)),
    "to_one": ((4, 5), (1, 1), None),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(7)
    for name, (size, out, scale) in CASES.items():
        for align in (False, True):
            x = torch.randn(2, 3, *size, requires_grad=True)
            if out is not None:
                y = F.interpolate(x, size=out, mode="bilinear", align_corners=align)
            else:
                y = F.interpolate(x, scale_factor=scale, mode="bilinear", align_corners=align)
            r = torch.randn_like(y)
            (y * r).sum().backward()
            sh, sw = scale if scale is not None else (0.0, 0.0)
            case = name + ("_align" if align else "_half")
            np.savez(os.path.join(OUT, case + ".npz"), x=x.detach().numpy(), y=y.detach().numpy(), r=r.numpy(),
                     gx=x.grad.numpy(), params=np.array([y.shape[2], y.shape[3], int(align), sh, sw]))
            print(case, tuple(y.shape))


if __name__ == "__main__":
    main()

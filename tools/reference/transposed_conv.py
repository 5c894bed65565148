#!/usr/bin/env python3
"""Reference transposed convolutions from PyTorch's nn.functional.conv_transpose2d, for seg4j's
org.seg4j.nn.layer.TransposedConv2d tests.

For each case (Cin, Cout, kernel, stride, padding, output padding, input size) writes one .npz under
seg4j-nn/src/test/resources/fixtures/transposed_conv/ holding, in float32 unless said:
  x [1, Cin, H, W], weight [Cin, Cout, kh, kw] (PyTorch ConvTranspose2d layout), bias [Cout], y (the output),
  r (a random tensor of y's shape), gx / gw / gb (the gradients of sum(y * r) with respect to x, weight, bias),
  params int64 [kh, kw, sh, sw, ph, pw, ah, aw].
Run: /usr/bin/python3 tools/reference/transposed_conv.py   (needs numpy and torch, Debian's python3-torch).
"""
import os

import numpy as np
import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "seg4j-nn", "src", "test", "resources", "fixtures", "transposed_conv")

# name: (cin, cout, (kh, kw), (sh, sw), (ph, pw), (ah, aw), (H, W))
CASES = {
    "fcn_k4_s2_p1": (3, 2, (4, 4), (2, 2), (1, 1), (0, 0), (5, 6)),
    "k3_s2_p1_a1": (2, 3, (3, 3), (2, 2), (1, 1), (1, 1), (4, 5)),
    "k5_s3_p2_a2": (2, 2, (5, 5), (3, 3), (2, 2), (2, 2), (3, 4)),
    "k7_s3_p4_a1": (2, 3, (7, 7), (3, 3), (4, 4), (1, 1), (5, 4)),
    "k16_s8_p4": (2, 2, (16, 16), (8, 8), (4, 4), (0, 0), (3, 2)),
    "unet_k2_s2": (4, 2, (2, 2), (2, 2), (0, 0), (0, 0), (4, 3)),
    "rect_k3x2_s2x1_p1x0_a1x0": (3, 2, (3, 2), (2, 1), (1, 0), (1, 0), (4, 5)),
    "k3_s1_p0": (2, 2, (3, 3), (1, 1), (0, 0), (0, 0), (4, 4)),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(3)
    for name, (cin, cout, k, s, p, a, size) in CASES.items():
        x = torch.randn(1, cin, *size, requires_grad=True)
        w = torch.randn(cin, cout, *k, requires_grad=True)
        b = torch.randn(cout, requires_grad=True)
        y = torch.nn.functional.conv_transpose2d(x, w, b, stride=s, padding=p, output_padding=a)
        r = torch.randn_like(y)
        (y * r).sum().backward()
        np.savez(os.path.join(OUT, name + ".npz"), x=x.detach().numpy(), weight=w.detach().numpy(),
                 bias=b.detach().numpy(), y=y.detach().numpy(), r=r.numpy(), gx=x.grad.numpy(),
                 gw=w.grad.numpy(), gb=b.grad.numpy(),
                 params=np.array([*k, *s, *p, *a], dtype=np.int64))
        print(name, tuple(y.shape))


if __name__ == "__main__":
    main()

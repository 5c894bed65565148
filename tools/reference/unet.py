#!/usr/bin/python3
"""Reference U-Net in plain torch.nn, written to the paper, and the fixtures seg4j-nn's U-Net tests compare against.

Ronneberger, Fischer & Brox, "U-Net: Convolutional Networks for Biomedical Image Segmentation", MICCAI 2015, Fig. 1:
a contracting path of `depth` levels (two 3x3 convolutions + ReLU, then 2x2 max pool stride 2; channels base, 2 base,
...), a bottom level of two 3x3 convolutions with 2^depth * base channels, an expansive path whose levels up-sample
(2x2 up-convolution halving the channels), concatenate the centre-cropped encoder map of the same level (encoder
channels first) and apply two 3x3 convolutions, and a final 1x1 convolution to the classes. Options as seg4j's
org.seg4j.nn.model.UNet:
  padding     "same" (convolutions padded by 1) or "valid" (unpadded, the paper's)
  up          "transposed" (ConvTranspose2d k2 s2) or "bilinear" (x2 bilinear, align_corners=False, then a 3x3
              convolution padded by 1 halving the channels)
  batch_norm  BatchNorm2d after every 3x3 convolution (which then has no bias)
  dropout     the paper's drop-out at the end of the contracting path: on the deepest encoder level's output (before
              its pool; the skip sees it too) and on the bottom level's output, as the authors' Caffe model
Module names (state_dict keys) are those of the Java block: enc1..encD, center, then up_i, dec_i for i = D..1, head;
each double convolution is an nn.Sequential (conv, [bn,] relu, conv, [bn,] relu); bilinear up-sampling is
nn.Sequential(Upsample, Conv2d).

Logits at input resolution ("overlap-tile", paper section 2 and Fig. 2): the input is padded by reflection
(numpy/PyTorch "reflect": the edge pixel is not repeated; reflected again when the padding exceeds the image), then
the logits are cropped back. "same": pad the bottom/right to the next multiple of 2^depth, crop [0:H, 0:W]. "valid":
the unpadded network maps an input of size P = 2^D (b + 4) + 4 (2^D - 1) to O = 2^D b - 4 (2^D - 1) for a bottom size
b >= 1 (P - O = 12 * 2^D - 8: 184 for depth 4, so 572 -> 388); take the smallest b with O >= H, pad
(P - O) / 2 at the top and the rest at the bottom, and crop [0:H] of the output (likewise for the width).

Run: /usr/bin/python3 tools/reference/unet.py
Writes seg4j-nn/src/test/resources/fixtures/unet/*.safetensors (weights and inputs BF16, outputs F32) and prints the
full-size parameter counts.
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backbones import randomize, write_safetensors, state, count  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seg4j-nn", "src", "test", "resources",
                   "fixtures", "unet")


def double_conv(c_in, c_out, pad, batch_norm):
    layers = []
    for c in (c_in, c_out):
        layers.append(nn.Conv2d(c, c_out, 3, padding=pad, bias=not batch_norm))
        if batch_norm:
            layers.append(nn.BatchNorm2d(c_out))
        layers.append(nn.ReLU(inplace=False))
    return nn.Sequential(*layers)


def valid_output_size(size_in, depth):
    """Smallest valid-padding output O >= size_in (bottom size b >= 1) and the unpadded input P that gives it."""
    k = 2 ** depth
    b = max(1, -(-(size_in + 4 * (k - 1)) // k))
    return k * b - 4 * (k - 1), k * (b + 4) + 4 * (k - 1)


class UNet(nn.Module):
    def __init__(self, in_channels, num_classes, base=64, depth=4, padding="same", up="transposed",
                 batch_norm=False, dropout=0.0):
        super().__init__()
        self.depth, self.padding, self.dropout = depth, padding, dropout
        pad = 1 if padding == "same" else 0
        c = in_channels
        for i in range(1, depth + 1):
            setattr(self, "enc%d" % i, double_conv(c, base * 2 ** (i - 1), pad, batch_norm))
            c = base * 2 ** (i - 1)
        self.center = double_conv(c, 2 * c, pad, batch_norm)
        for i in range(depth, 0, -1):
            c_out = base * 2 ** (i - 1)
            if up == "transposed":
                setattr(self, "up%d" % i, nn.ConvTranspose2d(2 * c_out, c_out, 2, stride=2))
            else:
                setattr(self, "up%d" % i, nn.Sequential(nn.Upsample(scale_factor=2, mode="bilinear",
                                                                    align_corners=False),
                                                        nn.Conv2d(2 * c_out, c_out, 3, padding=1)))
            setattr(self, "dec%d" % i, double_conv(2 * c_out, c_out, pad, batch_norm))
        self.head = nn.Conv2d(base, num_classes, 1)

    def core(self, x):
        """The network of Fig. 1 itself, without padding or cropping."""
        skips = []
        for i in range(1, self.depth + 1):
            x = getattr(self, "enc%d" % i)(x)
            if i == self.depth:
                x = F.dropout(x, self.dropout, self.training)
            skips.append(x)
            x = F.max_pool2d(x, 2, 2)
        x = F.dropout(self.center(x), self.dropout, self.training)
        for i in range(self.depth, 0, -1):
            x = getattr(self, "up%d" % i)(x)
            skip = skips[i - 1]
            top = (skip.shape[2] - x.shape[2]) // 2
            left = (skip.shape[3] - x.shape[3]) // 2
            skip = skip[:, :, top:top + x.shape[2], left:left + x.shape[3]]
            x = getattr(self, "dec%d" % i)(torch.cat([skip, x], 1))
        return self.head(x)

    def padding_of(self, size):
        """(before, after) reflection padding of one axis."""
        k = 2 ** self.depth
        if self.padding == "same":
            return 0, -size % k
        out, padded = valid_output_size(size, self.depth)
        before = (padded - out) // 2
        return before, padded - size - before

    def pad(self, x):
        """Reflection padding to the size the core network needs (numpy's "reflect" indices, repeated if needed)."""
        h, w = x.shape[2], x.shape[3]
        rows = torch.from_numpy(np.pad(np.arange(h), self.padding_of(h), mode="reflect"))
        cols = torch.from_numpy(np.pad(np.arange(w), self.padding_of(w), mode="reflect"))
        return x.index_select(2, rows).index_select(3, cols)

    def forward(self, x):
        return self.core(self.pad(x))[:, :, :x.shape[2], :x.shape[3]]


def make(gen, **kw):
    m = UNet(**kw)
    randomize(m, gen)
    return m


def export(name, model, x, outputs):
    tensors = {k: ("BF16", v) for k, v in state(model).items()}
    tensors["input.x"] = ("BF16", x)
    tensors.update({k: v if isinstance(v, tuple) else ("F32", v) for k, v in outputs.items()})
    write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors)


def bf16(t):
    return t.to(torch.bfloat16).to(torch.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(20150518)

    # 1. same / transposed / no batch norm, base 4, depth 3, RGB 29x35 (padded to 32x40), with the input gradient of
    #    loss = sum(logits * r).
    m = make(gen, in_channels=3, num_classes=2, base=4, depth=3, padding="same", up="transposed")
    x = bf16(torch.randn(1, 3, 29, 35, generator=gen)).requires_grad_(True)
    r = bf16(torch.randn(1, 2, 29, 35, generator=gen))
    logits = m(x)
    (logits * r).sum().backward()
    export("unet_same_transposed_b4d3", m, x.detach(),
           {"input.r": ("BF16", r), "output.logits": logits.detach(), "grad.x": x.grad})

    with torch.no_grad():
        # 2. valid / bilinear / batch norm (eval mode, non-trivial statistics), base 2, depth 3, grey 30x23: padded
        #    to 124x116 (44 + 50 rows, 44 + 49 columns), more than the image, so the reflection repeats.
        m = make(gen, in_channels=1, num_classes=2, base=2, depth=3, padding="valid", up="bilinear", batch_norm=True)
        x = bf16(torch.randn(1, 1, 30, 23, generator=gen))
        export("unet_valid_bilinear_bn_b2d3", m, x, {"output.logits": m(x)})

        # 3. the paper's layout (valid / transposed, no batch norm, depth 4) at base 2, grey 68x53.
        m = make(gen, in_channels=1, num_classes=2, base=2, depth=4, padding="valid", up="transposed")
        x = bf16(torch.randn(1, 1, 68, 53, generator=gen))
        #    Padded to 252x252 (92 + 92 rows, 92 + 107 columns), core output 68x68.
        export("unet_valid_transposed_b2d4", m, x, {"output.logits": m(x)})

    for kw in ({"in_channels": 1, "padding": "valid", "up": "transposed"},
               {"in_channels": 3, "padding": "valid", "up": "transposed"},
               {"in_channels": 1, "padding": "same", "up": "bilinear"},
               {"in_channels": 1, "padding": "same", "up": "transposed", "batch_norm": True}):
        print("U-Net 64..1024, 2 classes, %s: %d parameters" % (kw, count(UNet(num_classes=2, **kw))))
    print("valid, depth 4: 572 ->", UNet(1, 2, base=1, padding="valid").core(torch.zeros(1, 1, 572, 572)).shape[2:],
          "; sizes for 100, 77:", valid_output_size(100, 4), valid_output_size(77, 4))


if __name__ == "__main__":
    main()

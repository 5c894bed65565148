#!/usr/bin/python3
"""Reference SegNet-Basic and SegNet (Badrinarayanan, Kendall & Cipolla, "SegNet: A Deep Convolutional
Encoder-Decoder Architecture for Image Segmentation", TPAMI 2017) in plain torch.nn, and the fixtures seg4j-nn's
SegNetVsPyTorchTest compares against.

Layout (module names = the Java block's child names, so state_dict keys match with no rename):
  features    nn.Sequential: conv, [BatchNorm,] ReLU, ..., MaxPool2d(2, 2, ceil_mode=True, return_indices=True)
              SegNet-Basic: 4 x (7x7 conv 64, pad 3); SegNet: VGG16-BN's 13 3x3 convs, torchvision's vgg16_bn
              numbering (built with backbones.vgg_features), so vgg16_bn "features.*" weights load unchanged.
  decoder     nn.ModuleList of nn.Sequential stages, deepest first; stage k starts after max unpooling with the
              indices of the mirrored encoder pool, to the size of that pool's input (F.max_unpool2d output_size).
              SegNet-Basic: 7x7 conv 64 + BatchNorm, no ReLU (paper, section 4). SegNet: mirrored convs + BN + ReLU;
              the last conv (3x3) outputs the classes with no BN/ReLU (Caffe segnet_train.prototxt, conv1_1_D).
  classifier  SegNet-Basic only: 1x1 conv to the classes.
Pooling rounds up (ceil mode, as Caffe's pooling does) and unpooling restores the recorded size, so the logits have the
input's size for any input (Caffe's Upsample layer with pad_out_h/pad_out_w does the same).

Run: /usr/bin/python3 tools/reference/segnet.py
Writes seg4j-nn/src/test/resources/fixtures/segnet/*.safetensors (weights and inputs BF16, outputs F32) and prints
the full-size parameter counts (SegNet paper, Table 6: SegNet 29.5M; SegNet-Basic is not counted there).
"""
import copy
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backbones import count, randomize, scaled, state, vgg_features, write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seg4j-nn", "src", "test", "resources",
                   "fixtures", "segnet")


class SegNet(nn.Module):
    def __init__(self, features, decoder, classifier=None):
        super().__init__()
        self.features = features
        self.decoder = decoder
        if classifier is not None:
            self.classifier = classifier

    def forward(self, x):
        sizes, indices = [], []
        for m in self.features:
            if isinstance(m, nn.MaxPool2d):
                sizes.append(x.shape[-2:])
                x, idx = m(x)
                indices.append(idx)
            else:
                x = m(x)
        for stage, idx, size in zip(self.decoder, reversed(indices), reversed(sizes)):
            x = stage(F.max_unpool2d(x, idx, 2, 2, output_size=size))
        return self.classifier(x) if hasattr(self, "classifier") else x


def pool():
    return nn.MaxPool2d(2, stride=2, ceil_mode=True, return_indices=True)


def segnet_basic(num_classes, width=1.0, batch_norm=True, in_channels=3):
    c = scaled(64, width)
    layers, c_in = [], in_channels
    for _ in range(4):
        layers.append(nn.Conv2d(c_in, c, 7, padding=3))
        if batch_norm:
            layers.append(nn.BatchNorm2d(c))
        layers += [nn.ReLU(inplace=False), pool()]
        c_in = c
    decoder = nn.ModuleList(
        nn.Sequential(nn.Conv2d(c, c, 7, padding=3), *([nn.BatchNorm2d(c)] if batch_norm else [])) for _ in range(4))
    return SegNet(nn.Sequential(*layers), decoder, nn.Conv2d(c, num_classes, 1))


def segnet_vgg16(num_classes, width=1.0, in_channels=3):
    features, _ = vgg_features(True, width, in_channels=in_channels, ceil_mode=True)
    for m in features:
        if isinstance(m, nn.MaxPool2d):
            m.return_indices = True
    # Mirror of VGG16's stages (deepest first): each stage's convs keep its width, the last one narrows to the
    # previous stage's width; the very last outputs the classes.
    stages = [[512, 512, 512], [512, 512, 256], [256, 256, 128], [128, 64], [64, None]]
    decoder, c_in = [], scaled(512, width)
    for stage in stages:
        layers = []
        for out in stage:
            if out is None:
                layers.append(nn.Conv2d(c_in, num_classes, 3, padding=1))
            else:
                layers += [nn.Conv2d(c_in, scaled(out, width), 3, padding=1), nn.BatchNorm2d(scaled(out, width)),
                           nn.ReLU(inplace=False)]
                c_in = scaled(out, width)
        decoder.append(nn.Sequential(*layers))
    return SegNet(features, nn.ModuleList(decoder))


def bf16(t):
    return t.to(torch.bfloat16).to(torch.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(20170101)

    # SegNet-Basic, width 1/8, 5 classes (few, to keep the fixture small). Eval mode on an odd-sized input (45x38:
    # every pooling but one rounds up), with the gradient of sum(logits * r) with respect to the input.
    basic = segnet_basic(5, width=1 / 8)
    randomize(basic, gen)
    x = bf16(torch.randn(1, 3, 45, 38, generator=gen)).requires_grad_(True)
    logits = basic(x)
    r = bf16(torch.randn(logits.shape, generator=gen))
    (logits * r).sum().backward()
    tensors = {k: ("BF16", v) for k, v in state(basic).items()}
    tensors.update({"input.x": ("BF16", x.detach()), "input.r": ("BF16", r), "output.logits": ("F32", logits.detach()),
                    "grad.x": ("F32", x.grad)})
    # Training mode (batch statistics), batch of 2 at 27x20, same weights; on a copy, as a training-mode pass updates
    # the running statistics in place (and the state_dict tensors above are views of them).
    trained = copy.deepcopy(basic).train()
    xt = bf16(torch.randn(2, 3, 27, 20, generator=gen))
    with torch.no_grad():
        tensors.update({"input.x_train": ("BF16", xt), "output.logits_train": ("F32", trained(xt))})
    write_safetensors(os.path.join(OUT, "segnet_basic_w8.safetensors"), tensors)

    # SegNet (VGG16-BN encoder), width 1/16, 5 classes, eval mode, odd input 50x37 (5 poolings, all but one round
    # up).
    net = segnet_vgg16(5, width=1 / 16)
    randomize(net, gen)
    xs = bf16(torch.randn(1, 3, 50, 37, generator=gen))
    with torch.no_grad():
        tensors = {k: ("BF16", v) for k, v in state(net).items()}
        tensors.update({"input.x": ("BF16", xs), "output.logits": ("F32", net(xs))})
    write_safetensors(os.path.join(OUT, "segnet_w16.safetensors"), tensors)

    for name, m in (("segnet_basic", segnet_basic(11)), ("segnet", segnet_vgg16(11)),
                    ("segnet_basic (21 classes)", segnet_basic(21)), ("segnet (21 classes)", segnet_vgg16(21))):
        print("%-26s %12d parameters" % (name, count(m)))
    print("segnet encoder (= vgg16_bn features) %d" % count(segnet_vgg16(11).features))


if __name__ == "__main__":
    main()

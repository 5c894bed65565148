#!/usr/bin/python3
"""Reference FCN-32s/16s/8s, DeepLab v1 LargeFOV and DeepLab v2 ASPP (VGG16 and ResNet-101) in plain torch.nn, and the
fixtures seg4j-nn's FcnDeepLabVsPyTorchTest compares against.

FCN: Long, Shelhamer & Darrell, "Fully Convolutional Networks for Semantic Segmentation", CVPR 2015 / PAMI 2017, as the
authors' Caffe nets voc-fcn32s / voc-fcn16s / voc-fcn8s (github.com/shelhamer/fcn.berkeleyvision.org): conv1_1 padded
by 100, ceil-mode pools, fc6 7x7 (4096), fc7 1x1 (4096), dropout, score_fr 1x1, transposed convolutions without bias,
skip scores fused by sum after Caffe's crops (offsets 5 for pool4, 9 for pool3; final 19 / 27 / 31). The staged
variant: score_pool4 / score_pool3 read pool4 / pool3 unscaled (the "at-once" FCN-8s multiplies them by 0.01 / 0.0001).
DeepLab v1 LargeFOV: Chen et al., ICLR 2015 (VGG16, pool4/pool5 3x3 stride 1, conv5 dilation 2, fc6 3x3 dilation 12
with 1024 channels, fc7 1x1 1024, fc8 1x1, dropout), logits up-sampled bilinearly (align_corners=True, Caffe's Interp).
DeepLab v2: Chen et al., TPAMI 2017, ASPP-L with rates 6/12/18/24 whose branch scores are summed; the VGG16 branches
are fc6 (3x3 dilated, 1024) -> fc7 (1x1, 1024) -> fc8, the ResNet-101 branches one 3x3 dilated convolution to the
classes on layer4 (output stride 8).

The backbones are backbones.py's VGG / ResNet. So the fixtures stay small, the backbone weights are those already
committed by backbones.py (vgg16_w64 for FCN, its classifier's fc6/fc7 Linear layers reshaped into the fc6/fc7
convolutions; vgg16_backbone_w32 for the VGG DeepLabs; resnet101_w32 for DeepLab v2-ResNet): run backbones.py first.
The fixtures here hold the heads' weights (BF16), the input (BF16) and the output (F32); fcn8s also the gradient of
sum(logits * r) with respect to the input.

Run: /usr/bin/python3 tools/reference/fcn_deeplab.py
Writes seg4j-nn/src/test/resources/fixtures/fcn_deeplab/*.safetensors and prints the full-size parameter counts.
"""
import json
import math
import os
import struct
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import backbones as B  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "..", "seg4j-nn", "src", "test", "resources", "fixtures")
OUT = os.path.join(FIXTURES, "fcn_deeplab")


# ---------------------------------------------------------------- FCN
def upsampling(classes, kernel, stride):
    """A bias-free transposed convolution with FCN's bilinear kernel (surgery.upsample_filt) on the diagonal."""
    layer = nn.ConvTranspose2d(classes, classes, kernel, stride=stride, bias=False)
    factor = (kernel + 1) // 2
    center = factor - 1 if kernel % 2 == 1 else factor - 0.5
    og = np.ogrid[:kernel, :kernel]
    filt = (1 - abs(og[0] - center) / factor) * (1 - abs(og[1] - center) / factor)
    with torch.no_grad():
        layer.weight.zero_()
        for c in range(classes):
            layer.weight[c, c] = torch.from_numpy(filt)
    return layer


class FCN(nn.Module):
    """voc-fcn{32,16,8}s; the last up-sampling is frozen (lr_mult 0 in Caffe), the 2x ones learnable."""

    def __init__(self, stride, num_classes, width=1.0):
        super().__init__()
        self.stride = stride
        returned = {32: ["pool5"], 16: ["pool4", "pool5"], 8: ["pool3", "pool4", "pool5"]}[stride]
        self.backbone = B.VGGBackbone(False, width, returned, conv1_padding=100, ceil_mode=True)
        hidden = B.scaled(4096, width)
        self.fc6 = nn.Conv2d(B.scaled(512, width), hidden, 7)
        self.fc7 = nn.Conv2d(hidden, hidden, 1)
        self.score_fr = nn.Conv2d(hidden, num_classes, 1)
        if stride == 32:
            self.upscore = upsampling(num_classes, 64, 32)
            self.upscore.weight.requires_grad_(False)
            return
        self.upscore2 = upsampling(num_classes, 4, 2)
        self.score_pool4 = nn.Conv2d(B.scaled(512, width), num_classes, 1)
        if stride == 16:
            self.upscore16 = upsampling(num_classes, 32, 16)
            self.upscore16.weight.requires_grad_(False)
            return
        self.upscore_pool4 = upsampling(num_classes, 4, 2)
        self.score_pool3 = nn.Conv2d(B.scaled(256, width), num_classes, 1)
        self.upscore8 = upsampling(num_classes, 16, 8)
        self.upscore8.weight.requires_grad_(False)

    @staticmethod
    def crop_sum(larger, smaller, offset):
        h, w = smaller.shape[2:]
        return larger[:, :, offset:offset + h, offset:offset + w] + smaller

    def forward(self, x):
        height, width = x.shape[2:]
        feats = dict(zip(self.backbone.returned, self.backbone(x)))
        h = F.dropout(F.relu(self.fc6(feats["pool5"])), 0.5, self.training)
        h = F.dropout(F.relu(self.fc7(h)), 0.5, self.training)
        h = self.score_fr(h)
        if self.stride == 32:
            return self.upscore(h)[:, :, 19:19 + height, 19:19 + width]
        h = self.crop_sum(self.score_pool4(feats["pool4"]), self.upscore2(h), 5)
        if self.stride == 16:
            return self.upscore16(h)[:, :, 27:27 + height, 27:27 + width]
        h = self.crop_sum(self.score_pool3(feats["pool3"]), self.upscore_pool4(h), 9)
        return self.upscore8(h)[:, :, 31:31 + height, 31:31 + width]


# ---------------------------------------------------------------- DeepLab
def large_fov_head(c_in, rate, hidden, num_classes):
    """fc6 (3x3, dilation rate, hidden) -> ReLU -> dropout -> fc7 (1x1, hidden) -> ReLU -> dropout -> fc8 (1x1)."""
    return nn.Sequential(OrderedDict([
        ("fc6", nn.Conv2d(c_in, hidden, 3, padding=rate, dilation=rate)), ("relu6", nn.ReLU()),
        ("drop6", nn.Dropout(0.5)),
        ("fc7", nn.Conv2d(hidden, hidden, 1)), ("relu7", nn.ReLU()), ("drop7", nn.Dropout(0.5)),
        ("fc8", nn.Conv2d(hidden, num_classes, 1))]))


class ASPP(nn.Module):
    """Parallel branches c0..c3, scores summed (DeepLab v2)."""

    def __init__(self, branches):
        super().__init__()
        for i, b in enumerate(branches):
            self.add_module("c%d" % i, b)

    def forward(self, x):
        return sum(b(x) for b in self.children())


RATES = (6, 12, 18, 24)


class DeepLab(nn.Module):
    """backbone -> head (classifier or aspp) -> bilinear up-sampling to the input size (align_corners=True)."""

    def __init__(self, kind, num_classes, width=1.0, output_stride=8):
        super().__init__()
        if kind == "resnet101":
            dil = {8: (False, True, True), 16: (False, False, True)}[output_stride]
            self.backbone = B.ResNet(B.DEPTHS[101], width=width, replace_stride_with_dilation=dil)
            del self.backbone.fc
            del self.backbone.avgpool
            c_in = B.scaled(512, width) * 4
            self.aspp = ASPP([nn.Conv2d(c_in, num_classes, 3, padding=r, dilation=r) for r in RATES])
            return
        self.backbone = B.VGGBackbone(False, width, ["pool5"], large_fov=True)
        c_in, hidden = B.scaled(512, width), B.scaled(1024, width)
        if kind == "largefov":
            self.classifier = large_fov_head(c_in, 12, hidden, num_classes)
        else:
            self.aspp = ASPP([large_fov_head(c_in, r, hidden, num_classes) for r in RATES])

    def forward(self, x):
        if isinstance(self.backbone, B.ResNet):
            f = self.backbone.stem_and_layers(x)[-1]
        else:
            f = self.backbone(x)[0]
        head = self.aspp if hasattr(self, "aspp") else self.classifier
        return F.interpolate(head(f), size=x.shape[2:], mode="bilinear", align_corners=True)


# ---------------------------------------------------------------- fixtures
def read_safetensors(path):
    """The tensors of a safetensors file written by backbones.py (BF16 or F32), as float32 torch tensors."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        raw = data[h["data_offsets"][0]:h["data_offsets"][1]]
        if h["dtype"] == "BF16":
            arr = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(raw, "<f4")
        out[name] = torch.from_numpy(arr.copy()).reshape(h["shape"])
    return out


def randomize_heads(model, gen):
    """Random weights (BF16-exact) for the parameters outside the backbone and FCN's fc6/fc7 (those come from a
    backbones.py fixture); the up-sampling kernels too, so their [Cin, Cout, k, k] layout is tested."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.startswith(("backbone.", "fc6.", "fc7.")):
                continue
            if p.dim() > 1:
                p.copy_(torch.randn(p.shape, generator=gen) * math.sqrt(2.0 / p[0].numel()))
            else:
                p.copy_(torch.randn(p.shape, generator=gen) * 0.1)
            p.copy_(p.to(torch.bfloat16).to(torch.float32))
    model.eval()


def load_backbone(model, tensors, vgg_classifier=False):
    """backbone.* from a backbones.py fixture; for FCN also fc6/fc7 from the VGG classifier's Linear layers."""
    state = model.state_dict()
    with torch.no_grad():
        for key in state:
            if key.startswith("backbone.") and not key.endswith("num_batches_tracked"):
                state[key].copy_(tensors[key[len("backbone."):]])
        if vgg_classifier:
            state["fc6.weight"].copy_(tensors["classifier.0.weight"].reshape(state["fc6.weight"].shape))
            state["fc6.bias"].copy_(tensors["classifier.0.bias"])
            state["fc7.weight"].copy_(tensors["classifier.3.weight"].reshape(state["fc7.weight"].shape))
            state["fc7.bias"].copy_(tensors["classifier.3.bias"])


def export(name, model, inputs, outputs, skip=lambda key: key.startswith("backbone.")):
    tensors = {k: ("BF16", v) for k, v in B.state(model).items() if not skip(k)}
    tensors.update({"input." + k: ("BF16", v) for k, v in inputs.items()})
    tensors.update({"output." + k: ("F32", v) for k, v in outputs.items()})
    B.write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(20141222)
    classes = 3

    # FCN, width 1/64 on vgg16_w64's weights; input 30x22 (pad 100 admits any size).
    vgg = read_safetensors(os.path.join(FIXTURES, "backbones", "vgg16_w64.safetensors"))
    x = torch.randn(1, 3, 30, 22, generator=gen).to(torch.bfloat16).to(torch.float32)
    for stride in (32, 16):
        m = FCN(stride, classes, width=1 / 64)
        load_backbone(m, vgg, vgg_classifier=True)
        randomize_heads(m, gen)
        with torch.no_grad():
            export("fcn%ds_w64" % stride, m, {"x": x}, {"logits": m(x)},
                   skip=lambda k: k.startswith("backbone.") or k.startswith("fc6.") or k.startswith("fc7."))
    m = FCN(8, classes, width=1 / 64)
    load_backbone(m, vgg, vgg_classifier=True)
    randomize_heads(m, gen)
    xg = x.clone().requires_grad_(True)
    r = torch.randn(1, classes, 30, 22, generator=gen).to(torch.bfloat16).to(torch.float32)
    logits = m(xg)
    (logits * r).sum().backward()
    export("fcn8s_w64", m, {"x": x, "r": r}, {"logits": logits.detach(), "grad_x": xg.grad},
           skip=lambda k: k.startswith("backbone.") or k.startswith("fc6.") or k.startswith("fc7."))

    # DeepLab, 104x24 input: the output-stride-8 map is 13x3, so fc6's dilation-12 taps reach real rows.
    x = torch.randn(1, 3, 104, 24, generator=gen).to(torch.bfloat16).to(torch.float32)
    vgg32 = read_safetensors(os.path.join(FIXTURES, "backbones", "vgg16_backbone_w32.safetensors"))
    res101 = read_safetensors(os.path.join(FIXTURES, "backbones", "resnet101_w32.safetensors"))
    with torch.no_grad():
        for kind, name, weights in (("largefov", "deeplab_largefov_w32", vgg32), ("vgg16", "deeplabv2_vgg16_w32", vgg32),
                                    ("resnet101", "deeplabv2_resnet101_w32", res101)):
            m = DeepLab(kind, classes, width=1 / 32)
            load_backbone(m, weights)
            randomize_heads(m, gen)
            export(name, m, {"x": x}, {"logits": m(x)})

    counts = {}
    for name, make in (("fcn32s", lambda: FCN(32, 21)), ("fcn16s", lambda: FCN(16, 21)), ("fcn8s", lambda: FCN(8, 21)),
                       ("deeplab_largefov", lambda: DeepLab("largefov", 21)),
                       ("deeplabv2_vgg16", lambda: DeepLab("vgg16", 21)),
                       ("deeplabv2_resnet101", lambda: DeepLab("resnet101", 21))):
        m = make()
        counts[name] = B.count(m)
        print("%-20s %12d parameters (21 classes)" % (name, counts[name]))
        del m


if __name__ == "__main__":
    main()

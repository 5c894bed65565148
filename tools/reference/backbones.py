#!/usr/bin/python3
"""Reference VGG16 / VGG16-BN / ResNet-50 / ResNet-101 in plain torch.nn, laid out like torchvision's
(torchvision itself is not installed), and the fixtures seg4j-nn's backbone tests compare against.

Layouts follow torchvision.models.vgg (features / avgpool / classifier; Simonyan & Zisserman 2015) and
torchvision.models.resnet (Bottleneck with the stride on the 3x3 convolution, "ResNet v1.5"; He et al. 2016), with
replace_stride_with_dilation as torchvision has it (DeepLab's atrous trick, Chen et al. 2017), and for VGG the
DeepLab-LargeFOV changes (pool4/pool5 3x3 stride 1 padding 1, conv5 dilation 2) and FCN's conv1_1 padding of 100
with ceil-mode pooling (Long et al. 2015, Caffe's shape arithmetic). A `width` multiplier scales every channel count
(round half up, at least 1) so the fixtures stay small.

Run: /usr/bin/python3 tools/reference/backbones.py
Writes seg4j-nn/src/test/resources/fixtures/backbones/*.safetensors. Weights and inputs are rounded to bfloat16 and
stored as BF16 (exactly representable, half the size); outputs are float32. Also prints the full-size parameter counts,
which must equal the published torchvision figures.
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seg4j-nn", "src", "test", "resources",
                   "fixtures", "backbones")
VGG16_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def scaled(channels, width):
    return max(1, int(math.floor(channels * width + 0.5)))


# ---------------------------------------------------------------- VGG
def vgg_features(batch_norm, width, in_channels=3, large_fov=False, conv1_padding=1, ceil_mode=False):
    """torchvision's make_layers with the DeepLab-LargeFOV and FCN options. Returns (Sequential, taps) where taps maps
    the index of the module whose output is a named feature to that name."""
    layers, taps = [], {}
    stage, convs_in_stage, first = 1, 0, True
    c_in = in_channels
    for v in VGG16_CFG:
        if v == "M":
            taps[len(layers) - 1] = "conv%d" % stage
            if large_fov and stage >= 4:
                layers.append(nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=ceil_mode))
            else:
                layers.append(nn.MaxPool2d(2, stride=2, ceil_mode=ceil_mode))
            taps[len(layers) - 1] = "pool%d" % stage
            stage += 1
            continue
        c_out = scaled(v, width)
        dilation = 2 if large_fov and stage == 5 else 1
        padding = conv1_padding if first else dilation
        layers.append(nn.Conv2d(c_in, c_out, 3, padding=padding, dilation=dilation))
        if batch_norm:
            layers.append(nn.BatchNorm2d(c_out))
        layers.append(nn.ReLU(inplace=False))
        c_in, first = c_out, False
    return nn.Sequential(*layers), taps


class VGG(nn.Module):
    def __init__(self, batch_norm, num_classes=1000, width=1.0):
        super().__init__()
        self.features, _ = vgg_features(batch_norm, width)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        hidden = scaled(4096, width)
        self.classifier = nn.Sequential(
            nn.Linear(scaled(512, width) * 7 * 7, hidden), nn.ReLU(False), nn.Dropout(),
            nn.Linear(hidden, hidden), nn.ReLU(False), nn.Dropout(),
            nn.Linear(hidden, num_classes))

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


class VGGBackbone(nn.Module):
    """IntermediateLayerGetter over VGG's features: returns the named maps, stopping after the last one asked for."""

    def __init__(self, batch_norm, width, returned, **kw):
        super().__init__()
        self.features, self.taps = vgg_features(batch_norm, width, **kw)
        self.returned = returned

    def forward(self, x):
        out = {}
        for i, m in enumerate(self.features):
            x = m(x)
            if self.taps.get(i) in self.returned:
                out[self.taps[i]] = x
        return [out[name] for name in self.returned]


# ---------------------------------------------------------------- ResNet
class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, dilation=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=dilation, dilation=dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=False)
        self.downsample = downsample

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)


class ResNet(nn.Module):
    def __init__(self, layers, num_classes=1000, width=1.0, replace_stride_with_dilation=(False, False, False),
                 in_channels=3):
        super().__init__()
        self.inplanes = scaled(64, width)
        self.dilation = 1
        self.conv1 = nn.Conv2d(in_channels, self.inplanes, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=False)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = self._make_layer(scaled(64, width), layers[0])
        self.layer2 = self._make_layer(scaled(128, width), layers[1], 2, replace_stride_with_dilation[0])
        self.layer3 = self._make_layer(scaled(256, width), layers[2], 2, replace_stride_with_dilation[1])
        self.layer4 = self._make_layer(scaled(512, width), layers[3], 2, replace_stride_with_dilation[2])
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(scaled(512, width) * 4, num_classes)

    def _make_layer(self, planes, blocks, stride=1, dilate=False):
        downsample = None
        previous_dilation = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        if stride != 1 or self.inplanes != planes * 4:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * 4, 1, stride=stride, bias=False),
                                       nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, downsample, previous_dilation)]
        self.inplanes = planes * 4
        for _ in range(1, blocks):
            layers.append(Bottleneck(self.inplanes, planes, dilation=self.dilation))
        return nn.Sequential(*layers)

    def stem_and_layers(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        feats = []
        for layer in (self.layer1, self.layer2, self.layer3, self.layer4):
            x = layer(x)
            feats.append(x)
        return feats

    def forward(self, x):
        x = self.stem_and_layers(x)[-1]
        return self.fc(torch.flatten(self.avgpool(x), 1))


DEPTHS = {50: [3, 4, 6, 3], 101: [3, 4, 23, 3]}


# ---------------------------------------------------------------- fixtures
def randomize(model, gen):
    """Random weights rounded to bfloat16, and non-trivial BatchNorm statistics (eval mode uses them)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            fan_in = p[0].numel() if p.dim() > 1 else 1
            if p.dim() > 1:
                p.copy_(torch.randn(p.shape, generator=gen) * math.sqrt(2.0 / fan_in))
            elif name.endswith("bn3.weight"):  # last BatchNorm of a residual branch: small, so 33 blocks stay tame
                p.copy_(torch.rand(p.shape, generator=gen) * 0.2 + 0.1)
            elif name.endswith("weight"):  # BatchNorm gamma
                p.copy_(torch.rand(p.shape, generator=gen) + 0.5)
            else:
                p.copy_(torch.randn(p.shape, generator=gen) * 0.1)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.2)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)
        for t in list(model.parameters()) + [b for n, b in model.named_buffers() if "running" in n]:
            t.copy_(t.to(torch.bfloat16).to(torch.float32))
    model.eval()


def state(model):
    return {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def write_safetensors(path, tensors):
    """safetensors: u64 little-endian header size, JSON header {name: {dtype, shape, data_offsets}}, raw data."""
    header, blobs, offset = {}, [], 0
    for name, (dtype, t) in tensors.items():
        if dtype == "BF16":
            raw = (t.detach().contiguous().to(torch.float32).numpy().view(np.uint32) >> 16).astype("<u2").tobytes()
        else:
            raw = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)
    print("wrote %s (%d bytes)" % (os.path.relpath(path), 8 + len(head) + offset))


def export(name, model, inputs, outputs):
    """One file per model: weights under their state_dict names and 'input.*' as BF16, 'output.*' as F32."""
    tensors = {k: ("BF16", v) for k, v in state(model).items()}
    tensors.update({"input." + k: ("BF16", v) for k, v in inputs.items()})
    tensors.update({"output." + k: ("F32", v) for k, v in outputs.items()})
    write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors)


def count(model):
    return sum(p.numel() for p in model.parameters())


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(20150410)
    x64 = torch.randn(1, 3, 64, 64, generator=gen).to(torch.bfloat16).to(torch.float32)
    x32 = torch.randn(1, 3, 32, 32, generator=gen).to(torch.bfloat16).to(torch.float32)

    with torch.no_grad():
        # Classifiers, width 1/64 (the 512*7*7 x 4096 linear layer dominates the size), 10 classes.
        for bn, name in ((False, "vgg16"), (True, "vgg16_bn")):
            m = VGG(bn, num_classes=10, width=1 / 64)
            randomize(m, gen)
            export(name + "_w64", m, {"x": x64}, {"logits": m(x64)})

        # VGG16 backbone, width 1/32: one set of weights, two layouts (DeepLab-LargeFOV; FCN's padding 100 + ceil).
        fov = VGGBackbone(False, 1 / 32, ["pool3", "conv5", "pool5"], large_fov=True)
        randomize(fov, gen)
        fcn = VGGBackbone(False, 1 / 32, ["pool3", "pool4", "pool5"], conv1_padding=100, ceil_mode=True)
        fcn.load_state_dict(fov.state_dict())
        fcn.eval()
        outs = dict(("largefov." + n, t) for n, t in zip(fov.returned, fov(x64)))
        outs.update(("fcn." + n, t) for n, t in zip(fcn.returned, fcn(x32)))
        export("vgg16_backbone_w32", fov, {"x64": x64, "x32": x32}, outs)

        # ResNet-50 classifier and its output-stride-16 backbone on the same weights, width 1/32.
        r50 = ResNet(DEPTHS[50], num_classes=10, width=1 / 32)
        randomize(r50, gen)
        r50_os16 = ResNet(DEPTHS[50], num_classes=10, width=1 / 32, replace_stride_with_dilation=(False, False, True))
        r50_os16.load_state_dict(r50.state_dict())
        r50_os16.eval()
        outs = {"logits": r50(x64)}
        outs.update(("os16.layer%d" % (i + 1), t) for i, t in enumerate(r50_os16.stem_and_layers(x64)))
        export("resnet50_w32", r50, {"x": x64}, outs)

    # Training mode (batch statistics) and gradients, on the ResNet-50 weights: loss = sum(logits * r). The weight
    # gradient of conv1 needs the whole backward chain.
    x2 = torch.randn(2, 3, 48, 48, generator=gen).to(torch.bfloat16).to(torch.float32).requires_grad_(True)
    r = torch.randn(2, 10, generator=gen)
    r50.train()
    logits = r50(x2)
    (logits * r).sum().backward()
    write_safetensors(os.path.join(OUT, "resnet50_w32_train.safetensors"), {
        "input.x": ("BF16", x2.detach()), "input.r": ("F32", r), "output.logits": ("F32", logits.detach()),
        "grad.conv1.weight": ("F32", r50.conv1.weight.grad), "grad.bn1.weight": ("F32", r50.bn1.weight.grad),
        "grad.layer4.2.conv2.weight": ("F32", r50.layer4[2].conv2.weight.grad), "grad.fc.weight": ("F32", r50.fc.weight.grad)})
    r50.eval()
    # How well conditioned the comparison is: the same gradient in float64, relative to the float32 one. (With a 32x32
    # input layer4's batch norm normalizes 2 values per channel, and DJL's and PyTorch's input gradients differed by
    # 3e-4 of their scale; at 48x48 it normalizes 8.)
    r64 = ResNet(DEPTHS[50], num_classes=10, width=1 / 32).double()
    r64.load_state_dict(r50.state_dict())
    r64.train()
    x64d = x2.detach().double().requires_grad_(True)
    (r64(x64d) * r.double()).sum().backward()
    w64, w32 = r64.conv1.weight.grad, r50.conv1.weight.grad.double()
    print("float32 vs float64 conv1 gradient: max error / max value = %.2g" % ((w64 - w32).abs().max() / w64.abs().max()))

    with torch.no_grad():
        # ResNet-101 classifier and its output-stride-8 backbone, width 1/32.
        r101 = ResNet(DEPTHS[101], num_classes=10, width=1 / 32)
        randomize(r101, gen)
        r101_os8 = ResNet(DEPTHS[101], num_classes=10, width=1 / 32, replace_stride_with_dilation=(False, True, True))
        r101_os8.load_state_dict(r101.state_dict())
        r101_os8.eval()
        outs = {"logits": r101(x64)}
        outs.update(("os8.layer%d" % (i + 1), t) for i, t in enumerate(r101_os8.stem_and_layers(x64)))
        export("resnet101_w32", r101, {"x": x64}, outs)

    published = {"vgg16": 138357544, "vgg16_bn": 138365992, "resnet50": 25557032, "resnet101": 44549160}
    full = {"vgg16": VGG(False), "vgg16_bn": VGG(True), "resnet50": ResNet(DEPTHS[50]),
            "resnet101": ResNet(DEPTHS[101])}
    for name, m in full.items():
        n = count(m)
        print("%-10s %12d parameters (1000 classes) published %d %s" % (name, n, published[name],
                                                                       "ok" if n == published[name] else "MISMATCH"))
        del m


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fixtures for seg4j's weights and external-model tests (org.seg4j.nn.io), made with PyTorch 1.13 and numpy.

The safetensors files are written by a small writer in this script (struct + json + numpy, following the format
description at https://github.com/huggingface/safetensors#format), independently of seg4j's Java writer, because
the safetensors Python package is not installed.

Writes, under seg4j-nn/src/test/resources/fixtures/weights/:
  - known_values.safetensors: tensors with hand-chosen values in F32, F16, BF16, F64 and I64, and a metadata entry;
    the Java test states the same values literally.
  - tiny_seg.pt (torch.jit.trace) and tiny_seg.onnx (torch.onnx.export, opset 13, dynamic N/H/W) of a 2-layer
    convolution net, tiny_seg.safetensors its state_dict, tiny_seg_io.safetensors an input and PyTorch's output.
  - bn_net.safetensors: state_dict of a nested net with BatchNorm (features.0 conv, features.1 batch norm with
    non-trivial running statistics, classifier conv), including the I64 num_batches_tracked buffer;
    bn_net_io.safetensors an input and the eval-mode output; bn_net_keys.json the state_dict keys in order.
  - under seg4j-onnx/src/test/resources/fixtures/weights/ (ONNX Runtime lives in that module): tiny_seg.onnx and a
    copy of tiny_seg_io.safetensors.

Run:  /usr/bin/python3 tools/reference/external_models.py   (needs torch and numpy; not the onnx package)
"""
import json
import os
import struct

import numpy as np
import torch
from torch import nn

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "seg4j-nn", "src", "test", "resources", "fixtures", "weights")
ONNX_OUT = os.path.join(REPO, "seg4j-onnx", "src", "test", "resources", "fixtures", "weights")


def bf16_bytes(values):
    """bfloat16 = upper 16 bits of float32 (values chosen exactly representable, so truncation is exact)."""
    bits = np.asarray(values, dtype="<f4").view("<u4")
    assert np.all(bits & 0xFFFF == 0), "choose bf16-exact values"
    return (bits >> 16).astype("<u2").tobytes()


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, dtype string, shape, little-endian bytes), stored in that order."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, _, data in tensors:
            f.write(data)


def tensor_entry(name, t):
    if t.dtype == torch.int64:
        return name, "I64", tuple(t.shape), t.numpy().astype("<i8").tobytes()
    return name, "F32", tuple(t.shape), t.detach().numpy().astype("<f4").tobytes()


def known_values():
    write_safetensors(os.path.join(OUT, "known_values.safetensors"), [
        ("f32", "F32", (2, 3), np.array([1.0, -2.0, 0.5, 3.25, -0.125, 1e-3], dtype="<f4").tobytes()),
        # 65504 = largest half, 2^-14 = smallest normal, 2^-24 = smallest subnormal, -0 and 1/3 rounded to half
        ("f16", "F16", (7,), np.array([1.0, -2.5, 65504.0, 2.0 ** -14, 2.0 ** -24, -0.0, 1 / 3],
                                       dtype="<f2").tobytes()),
        ("bf16", "BF16", (3,), bf16_bytes([1.0, 3.140625, -0.5])),
        ("f64", "F64", (2,), np.array([0.1, -1e10], dtype="<f8").tobytes()),
        ("i64", "I64", (), np.array(7, dtype="<i8").tobytes()),
    ], {"source": "external_models.py", "note": "known values"})


class TinySeg(nn.Sequential):
    def __init__(self):
        super().__init__(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 3, 1))


class BnNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU())
        self.classifier = nn.Conv2d(4, 2, 1)

    def forward(self, x):
        return self.classifier(self.features(x))


def state_dict_file(path, module):
    write_safetensors(path, [tensor_entry(k, v) for k, v in module.state_dict().items()])


def tiny_seg():
    torch.manual_seed(3)
    net = TinySeg().eval()
    x = torch.randn(1, 3, 6, 5)
    with torch.no_grad():
        y = net(x)
    traced = torch.jit.trace(net, x)
    traced.save(os.path.join(OUT, "tiny_seg.pt"))
    torch.onnx.export(net, x, os.path.join(ONNX_OUT, "tiny_seg.onnx"), opset_version=13, input_names=["input"],
                      output_names=["out"], dynamic_axes={"input": {0: "n", 2: "h", 3: "w"}})
    state_dict_file(os.path.join(OUT, "tiny_seg.safetensors"), net)
    for folder in (OUT, ONNX_OUT):
        write_safetensors(os.path.join(folder, "tiny_seg_io.safetensors"), [tensor_entry("input", x),
                                                                            tensor_entry("output", y)])


def bn_net():
    torch.manual_seed(5)
    net = BnNet()
    net.train()
    with torch.no_grad():  # a few batches give the running statistics values other than 0 and 1
        for _ in range(3):
            net(torch.randn(2, 3, 5, 5) * 2 + 1)
    net.eval()
    x = torch.randn(1, 3, 5, 4)
    with torch.no_grad():
        y = net(x)
    state_dict_file(os.path.join(OUT, "bn_net.safetensors"), net)
    write_safetensors(os.path.join(OUT, "bn_net_io.safetensors"), [tensor_entry("input", x),
                                                                    tensor_entry("output", y)])
    with open(os.path.join(OUT, "bn_net_keys.json"), "w") as f:
        json.dump(list(net.state_dict().keys()), f, indent=1)


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(ONNX_OUT, exist_ok=True)
    known_values()
    tiny_seg()
    bn_net()


if __name__ == "__main__":
    main()

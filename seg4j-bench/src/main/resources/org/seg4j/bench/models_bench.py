#!/usr/bin/env python3
"""Times the PyTorch reference definitions of seg4j's architectures for `seg4j bench models` (run by ModelsBench as a
subprocess, one architecture per run).

Usage:
  python3 models_bench.py version
      prints "torch VERSION threads N" (N: the default intra-op thread count).
  python3 models_bench.py REFERENCE_DIR NAME SIZE CLASSES WIDTH THREADS WARMUP REPS BACKWARD
      builds architecture NAME (seg4j's registry name) from the definitions in REFERENCE_DIR (the repository's
      tools/reference: backbones.py, fcn_deeplab.py, unet.py, segnet.py) for CLASSES classes at channel width WIDTH
      (a number or a fraction such as 1/8), input [1, 3, SIZE, SIZE], torch.set_num_threads(THREADS), and prints
        flops F                  multiply-adds x 2 of one forward pass, counted by forward hooks on every Conv2d
                                 (output elements x in_channels/groups x kh x kw) and ConvTranspose2d (input elements
                                 x out_channels/groups x kh x kw)
        forward MS               median of REPS after WARMUP runs, eval mode, torch.no_grad()
        forward_backward MS      (if BACKWARD is "true") median, train mode, loss = sum of the logits, backward;
                                 gradients accumulate from run to run as in DJL (no zeroing between runs)
Failures print "error MESSAGE" and exit with status 2.
"""
import os
import statistics
import sys
import time

try:
    import torch
except ImportError as e:
    print("error torch is not importable: %s" % e)
    sys.exit(2)


def fail(message):
    print("error " + message, flush=True)
    sys.exit(2)


def number(text):
    if "/" in text:
        num, den = text.split("/")
        return float(num) / float(den)
    return float(text)


def build(name, classes, width):
    """The reference module for a registry name, as its tools/reference script defines it."""
    if name in ("fcn32s", "fcn16s", "fcn8s"):
        import fcn_deeplab
        return fcn_deeplab.FCN(int(name[3:-1]), classes, width=width)
    deeplabs = {"deeplab_largefov": "largefov", "deeplabv2_vgg16": "vgg16", "deeplabv2_resnet101": "resnet101"}
    if name in deeplabs:
        import fcn_deeplab
        return fcn_deeplab.DeepLab(deeplabs[name], classes, width=width)
    if name == "unet":
        import unet
        from backbones import scaled
        return unet.UNet(3, classes, base=scaled(64, width))
    if name in ("segnet", "segnet_basic"):
        import segnet
        return segnet.segnet_vgg16(classes, width=width) if name == "segnet" else segnet.segnet_basic(classes, width)
    fail("no PyTorch reference definition for architecture '%s'" % name)


def count_flops(model, x):
    """2 x the multiply-adds of the convolutions and transposed convolutions in one forward pass."""
    total = [0]

    def conv(m, inputs, output):
        kh, kw = m.kernel_size
        total[0] += output.numel() * (m.in_channels // m.groups) * kh * kw

    def transposed(m, inputs, output):
        kh, kw = m.kernel_size
        total[0] += inputs[0].numel() * (m.out_channels // m.groups) * kh * kw

    hooks = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            hooks.append(m.register_forward_hook(conv))
        elif isinstance(m, torch.nn.ConvTranspose2d):
            hooks.append(m.register_forward_hook(transposed))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return 2 * total[0]


def median_ms(warmup, reps, task):
    for _ in range(warmup):
        task()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        task()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    if sys.argv[1:] == ["version"]:
        print("torch %s threads %d" % (torch.__version__, torch.get_num_threads()))
        return
    if len(sys.argv) != 10:
        fail("usage: models_bench.py REFERENCE_DIR NAME SIZE CLASSES WIDTH THREADS WARMUP REPS BACKWARD")
    reference, name = sys.argv[1], sys.argv[2]
    size, classes = int(sys.argv[3]), int(sys.argv[4])
    width = number(sys.argv[5])
    threads, warmup, reps = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
    backward = sys.argv[9] == "true"
    if not os.path.isfile(os.path.join(reference, "backbones.py")):
        fail("%s holds no backbones.py (expected the repository's tools/reference)" % reference)
    sys.path.insert(0, reference)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    try:
        model = build(name, classes, width)
    except ImportError as e:
        fail("cannot import the reference definition of %s from %s: %s" % (name, reference, e))
    x = torch.randn(1, 3, size, size)
    model.eval()
    print("flops %d" % count_flops(model, x), flush=True)

    def forward():
        with torch.no_grad():
            model(x)

    print("forward %.4f" % median_ms(warmup, reps, forward), flush=True)
    if backward:
        model.train()

        def forward_backward():
            model(x).sum().backward()

        print("forward_backward %.4f" % median_ms(warmup, reps, forward_backward), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Times U-Net training steps in PyTorch for `seg4j bench train` (run by TrainBench as a subprocess).

Usage:
  python3 unet_train_step.py version
      prints "torch VERSION threads N" (N: the default intra-op thread count).
  python3 unet_train_step.py IN_CHANNELS CLASSES HEIGHT WIDTH BATCH THREADS WARMUP STEPS OPTIMIZER LR MOMENTUM \
      WEIGHT_DECAY IGNORE [KEY=VALUE ...]
      builds tools/reference/unet.py's UNet(IN_CHANNELS, CLASSES, **options) from seg4j's architecture options
      (base, depth, padding, up, batch_norm, dropout; the KEY=VALUE pairs, as the model config spells them),
      torch.set_num_threads(THREADS), and times the step seg4j's TrainingLoop takes:
        optimizer.zero_grad(); loss = F.cross_entropy(model(x), y, ignore_index=IGNORE); loss.backward();
        optimizer.step()
      with OPTIMIZER as seg4j's OptimizerConfig defines it: "sgd" = torch.optim.SGD(lr, MOMENTUM, weight_decay),
      "adam" = torch.optim.Adam(lr, weight_decay) (L2 decay added to the gradient), "adamw" = torch.optim.AdamW(lr,
      weight_decay); model.train(), on one batch held in memory: x ~ N(0, 1) of shape [BATCH, IN_CHANNELS, HEIGHT, WIDTH], y uniform
      in [0, CLASSES). No data loading is timed on this side. Prints
        parameters N             the model's learnable parameters
        step MS                  median of STEPS steps after WARMUP untimed ones
        steps MS,MS,...          every timed step
Failures print "error MESSAGE" and exit with status 2.
"""
import os
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError as e:
    print("error torch is not importable: %s" % e)
    sys.exit(2)

REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference")


def fail(message):
    print("error " + message, flush=True)
    sys.exit(2)


def options(pairs):
    """seg4j's U-Net options (strings) as keyword arguments of the reference UNet."""
    kinds = {"base": int, "depth": int, "padding": str, "up": str, "batch_norm": lambda v: v == "true",
             "dropout": float}
    kw = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key not in kinds:
            fail("the reference U-Net has no option '%s' (known: %s)" % (key, ", ".join(sorted(kinds))))
        kw[key] = kinds[key](value)
    return kw


def main():
    if sys.argv[1:] == ["version"]:
        print("torch %s threads %d" % (torch.__version__, torch.get_num_threads()))
        return
    if len(sys.argv) < 14:
        fail("usage: unet_train_step.py IN_CHANNELS CLASSES HEIGHT WIDTH BATCH THREADS WARMUP STEPS OPTIMIZER LR "
             "MOMENTUM WEIGHT_DECAY IGNORE [KEY=VALUE ...]")
    in_channels, classes, height, width, batch, threads, warmup, steps = (int(a) for a in sys.argv[1:9])
    kind = sys.argv[9]
    lr, momentum, weight_decay = float(sys.argv[10]), float(sys.argv[11]), float(sys.argv[12])
    ignore = int(sys.argv[13])
    if not os.path.isfile(os.path.join(REFERENCE, "unet.py")):
        fail("%s holds no unet.py (expected the repository's tools/reference)" % os.path.normpath(REFERENCE))
    sys.path.insert(0, REFERENCE)
    import unet

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = unet.UNet(in_channels, classes, **options(sys.argv[14:]))
    model.train()
    if kind == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
    elif kind == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    elif kind == "adamw":
        optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    else:
        fail("unknown optimizer '%s' (sgd, adam or adamw)" % kind)
    x = torch.randn(batch, in_channels, height, width)
    y = torch.randint(0, classes, (batch, height, width))
    print("parameters %d" % sum(p.numel() for p in model.parameters() if p.requires_grad), flush=True)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y, ignore_index=ignore)
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    print("step %.4f" % statistics.median(times), flush=True)
    print("steps " + ",".join("%.2f" % t for t in times), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference parameter trajectories of PyTorch's optimizers, for seg4j's ParameterOptimizer tests.

A 2x3 weight starts at fixed values; five fixed gradients are applied, one per step, with the learning rates of a
schedule; the weight after every step is recorded for torch.optim.SGD (momentum 0.9, weight decay 5e-4),
torch.optim.Adam (weight decay 1e-2, L2 style) and torch.optim.AdamW (weight decay 1e-2, decoupled).
Writes seg4j-nn/src/test/resources/fixtures/train/optimizers.json.
Run: /usr/bin/python3 tools/reference/optimizers.py
"""
import json
import os

import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "seg4j-nn", "src", "test", "resources", "fixtures", "train", "optimizers.json")


def trajectory(make, w0, grads, lrs):
    w = torch.nn.Parameter(w0.clone())
    opt = make([w])
    out = []
    for g, lr in zip(grads, lrs):
        for group in opt.param_groups:
            group["lr"] = lr
        w.grad = g.clone()
        opt.step()
        out.append(w.detach().flatten().tolist())
    return out


def main():
    torch.manual_seed(3)
    w0 = torch.randn(2, 3, dtype=torch.float64)
    grads = [torch.randn(2, 3, dtype=torch.float64) for _ in range(5)]
    lrs = [0.1, 0.08, 0.05, 0.03, 0.01]
    out = {
        "generator": "tools/reference/optimizers.py (torch " + torch.__version__ + ")",
        "w0": w0.flatten().tolist(), "shape": [2, 3], "grads": [g.flatten().tolist() for g in grads], "lrs": lrs,
        "sgd": trajectory(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=5e-4), w0, grads, lrs),
        "adam": trajectory(lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2),
                           w0, grads, lrs),
        "adamw": trajectory(lambda p: torch.optim.AdamW(p, lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2),
                            w0, grads, lrs),
    }
    with open(OUT + ".tmp", "w") as f:
        json.dump(out, f, indent=1)
    os.replace(OUT + ".tmp", OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()

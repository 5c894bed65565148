#!/usr/bin/env python3
"""Times PyTorch's native ConvTranspose2d for seg4j's `seg4j bench tconv` (run by TransposedConvBench as a subprocess).

Usage: python3 transposed_conv_bench.py THREADS REPETITIONS SHAPE...
where SHAPE is name:cin:cout:k:s:p:H:W:bias. Prints one line per shape: "name forward_ms forward_backward_ms" (medians
after 3 warm-up runs), or "error MESSAGE" and exit status 2 when torch is missing.
"""
import statistics
import sys
import time

try:
    import torch
except ImportError as e:
    print("error torch is not importable: %s" % e)
    sys.exit(2)


def median_ms(reps, task):
    for _ in range(3):
        task()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        task()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    threads, reps = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    for spec in sys.argv[3:]:
        name, cin, cout, k, s, p, h, w, bias = spec.split(":")
        cin, cout, k, s, p, h, w = map(int, (cin, cout, k, s, p, h, w))
        layer = torch.nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, bias=bias == "true")
        x = torch.randn(1, cin, h, w)

        def forward():
            with torch.no_grad():
                layer(x)

        xg = x.clone().requires_grad_(True)

        def forward_backward():
            layer.zero_grad()
            xg.grad = None
            layer(xg).sum().backward()

        print("%s %.4f %.4f" % (name, median_ms(reps, forward), median_ms(reps, forward_backward)), flush=True)


if __name__ == "__main__":
    main()

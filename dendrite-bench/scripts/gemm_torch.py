# PyTorch's half of the side-by-side GEMM table: same sizes, float32, median per-call time.
# Usage: gemm_torch.py THREADS [M K N]
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
SIZES = [(32, 32, 32), (64, 64, 64), (128, 128, 128), (256, 256, 256), (512, 512, 512),
         (1024, 1024, 1024), (2048, 2048, 2048), (128, 784, 512)]
if len(sys.argv) == 5:
    SIZES = [tuple(int(v) for v in sys.argv[2:5])]
for m, k, n in SIZES:
    a = torch.randn(m, k)
    b = torch.randn(k, n)
    flops = 2.0 * m * k * n
    end = time.perf_counter() + 0.7
    while time.perf_counter() < end:
        torch.matmul(a, b)
    reps = int(max(5, min(2000, 1e9 / max(1, flops / 150.0))))
    batches = 15
    per = max(1, reps // batches)
    times = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(per):
            torch.matmul(a, b)
        times.append((time.perf_counter() - t0) / per)
    times.sort()
    med = times[batches // 2]
    print(f"{m} {k} {n} {med:.9f} {flops / med / 1e9:.1f}")

# PyTorch's half of the convolution benchmark: conv2d forward + backward on AlexNet's five convolution shapes at
# batch 8, GFLOP/s counting 3x the forward multiply-adds, 2 threads. Usage: conv_torch.py [THREADS]
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
CONVS = [(3, 224, 224, 64, 11, 4, 2), (64, 27, 27, 192, 5, 1, 2), (192, 13, 13, 384, 3, 1, 1),
         (384, 13, 13, 256, 3, 1, 1), (256, 13, 13, 256, 3, 1, 1)]
for i, (cin, h, w, cout, k, s, p) in enumerate(CONVS):
    x = torch.randn(8, cin, h, w, requires_grad=True)
    wt = (torch.randn(cout, cin, k, k) * 0.01).requires_grad_(True)
    b = torch.zeros(cout, requires_grad=True)
    out = torch.nn.functional.conv2d(x, wt, b, stride=s, padding=p)
    cot = torch.ones_like(out)
    flops = 3.0 * 2 * out.numel() * cin * k * k

    def step():
        x.grad = None
        wt.grad = None
        b.grad = None
        torch.nn.functional.conv2d(x, wt, b, stride=s, padding=p).backward(cot)

    end = time.perf_counter() + 2
    while time.perf_counter() < end:
        step()
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"conv{i + 1} {flops / times[7] / 1e9:.1f}")

# PyTorch's half of the convolution benchmark: conv2d forward + backward at batch 8 on the shapes of
# Throughput.CONV_LAYERS (AlexNet's five, ResNet-18's block shapes, LeNet-5's two), GFLOP/s counting 3x the
# forward multiply-adds, 2 threads. Prints "NAME GFLOP/s" per layer. Usage: conv_torch.py [THREADS]
#
# Every shape runs a few untimed steps before any is timed: glibc's malloc raises its mmap and trim thresholds
# only after it has freed a large block, and until then each step page-faults its buffers in afresh. Timed
# alone, ResNet's 3 x 3 at 56 x 56 ran at 150 GFLOP/s; after AlexNet's conv1 had run, at 367. The pass puts
# every shape in the second state, whatever its place in the list.
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
CONVS = [("conv1", (3, 224, 224, 64, 11, 4, 2)), ("conv2", (64, 27, 27, 192, 5, 1, 2)),
         ("conv3", (192, 13, 13, 384, 3, 1, 1)), ("conv4", (384, 13, 13, 256, 3, 1, 1)),
         ("conv5", (256, 13, 13, 256, 3, 1, 1)),
         ("resnet56-3x3", (64, 56, 56, 64, 3, 1, 1)), ("resnet28-3x3s2", (64, 56, 56, 128, 3, 2, 1)),
         ("resnet28-1x1s2", (64, 56, 56, 128, 1, 2, 0)), ("resnet14-3x3", (256, 14, 14, 256, 3, 1, 1)),
         ("resnet14-3x3s2", (128, 28, 28, 256, 3, 2, 1)), ("resnet14-1x1s2", (128, 28, 28, 256, 1, 2, 0)),
         ("lenet-conv1", (1, 28, 28, 6, 5, 1, 2)), ("lenet-conv2", (6, 14, 14, 16, 5, 1, 0))]


def stepper(cin, h, w, cout, k, s, p):
    """One forward + backward step of the layer on fixed random tensors, and its FLOPs."""
    x = torch.randn(8, cin, h, w, requires_grad=True)
    wt = (torch.randn(cout, cin, k, k) * 0.01).requires_grad_(True)
    b = torch.zeros(cout, requires_grad=True)
    out = torch.nn.functional.conv2d(x, wt, b, stride=s, padding=p)
    cot = torch.ones_like(out)

    def step():
        x.grad = None
        wt.grad = None
        b.grad = None
        torch.nn.functional.conv2d(x, wt, b, stride=s, padding=p).backward(cot)

    return step, 3.0 * 2 * out.numel() * cin * k * k


for _, shape in CONVS:
    warm, _ = stepper(*shape)
    for _ in range(3):
        warm()
for name, shape in CONVS:
    step, flops = stepper(*shape)
    end = time.perf_counter() + 2
    while time.perf_counter() < end:
        step()
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"{name} {flops / times[7] / 1e9:.1f}")

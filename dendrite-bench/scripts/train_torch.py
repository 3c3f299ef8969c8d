# PyTorch's half of the training benchmarks, batch 128, Adam, random data: mlp (784-512-256-10, ReLU), lenet
# (LeNet-5 as dendrite-models builds it, 1x28x28) or alexnet-small (AlexNet.small on 1x28x28: 3x3 convolutions
# 32-64-96-64, overlapping 3x3/2 pooling, dropout, 1024-256-10); training samples/s (median step time) and
# batch-1 latency. Usage: train_torch.py THREADS [mlp|lenet|alexnet-small]
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(0)
model = sys.argv[2] if len(sys.argv) > 2 else "mlp"
nn = torch.nn
if model == "lenet":
    net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                        nn.MaxPool2d(2, 2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                        nn.Linear(84, 10))
    x = torch.randn(128, 1, 28, 28)
elif model == "alexnet-small":
    # SAME padding as Dendrite's: 1 for the 3x3 convolutions; the pools' SAME pads one on the far side, PyTorch
    # pads both sides, which gives the same sizes (14, 7, 4) and the same work.
    net = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1),
                        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1),
                        nn.Conv2d(64, 96, 3, padding=1), nn.ReLU(), nn.Conv2d(96, 64, 3, padding=1), nn.ReLU(),
                        nn.MaxPool2d(3, 2, padding=1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(1024, 256), nn.ReLU(),
                        nn.Dropout(0.5), nn.Linear(256, 10))
    x = torch.randn(128, 1, 28, 28)
else:
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    x = torch.randn(128, 784)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
y = torch.randint(0, 10, (128,))


def median_seconds(fn, seconds):
    end = time.perf_counter() + 0.7
    calls = 0
    t0 = time.perf_counter()
    while time.perf_counter() < end or calls < 3:
        fn()
        calls += 1
    each = (time.perf_counter() - t0) / calls
    per = max(1, int(seconds / 15 / each))
    times = []
    for _ in range(15):
        s = time.perf_counter()
        for _ in range(per):
            fn()
        times.append((time.perf_counter() - s) / per)
    times.sort()
    return times[7]


def step():
    opt.zero_grad()
    torch.nn.functional.cross_entropy(net(x), y).backward()
    opt.step()


step_s = median_seconds(step, 3)
one = x[:1]
net.eval()


def infer():
    with torch.no_grad():
        net(one)


lat = median_seconds(infer, 1.5)
print(f"{128 / step_s:.0f} {step_s * 1e3:.3f} {lat * 1e6:.1f}")

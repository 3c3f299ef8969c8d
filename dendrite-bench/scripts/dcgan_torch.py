# The DCGAN figure of `dendrite bench dcgan` in PyTorch: the dcgan kind's default network on 1 x 28 x 28 images
# (generator: Linear 100 -> 1024 -> 128 x 7 x 7, then ConvTranspose2d 128 -> 64 and 64 -> 1 with kernel 4, stride 2,
# padding 1, BatchNorm and ReLU between, tanh out; discriminator: Conv2d 1 -> 64 -> 128 with kernel 4, stride 2,
# padding 1, LeakyReLU 0.2, BatchNorm on the second, then Linear 128 x 7 x 7 -> 1024 with BatchNorm and LeakyReLU
# and Linear 1024 -> 1; no biases but the last layer's), batch 64 of random
# "real" images: one discriminator step on real and detached generated images, one generator step with the
# non-saturating loss, Adam lr 2e-4, betas (0.5, 0.999). Prints images/s. Usage: dcgan_torch.py THREADS SECONDS
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]))
seconds = float(sys.argv[2])
torch.manual_seed(0)
nn = torch.nn
F = nn.functional
B, Z = 64, 100

generator = nn.Sequential(
    nn.Linear(Z, 1024, bias=False), nn.BatchNorm1d(1024), nn.ReLU(),
    nn.Linear(1024, 128 * 49, bias=False), nn.BatchNorm1d(128 * 49), nn.ReLU(), nn.Unflatten(1, (128, 7, 7)),
    nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
    nn.ConvTranspose2d(64, 1, 4, 2, 1, bias=False), nn.Tanh())
discriminator = nn.Sequential(
    nn.Conv2d(1, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
    nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
    nn.Flatten(), nn.Linear(128 * 49, 1024, bias=False), nn.BatchNorm1d(1024), nn.LeakyReLU(0.2), nn.Linear(1024, 1))
opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
real = torch.rand(B, 1, 28, 28) * 2 - 1
ones, zeros = torch.ones(B), torch.zeros(B)


def train_step():
    fake = generator(torch.randn(B, Z))
    opt_d.zero_grad()
    (F.binary_cross_entropy_with_logits(discriminator(real).reshape(-1), ones)
     + F.binary_cross_entropy_with_logits(discriminator(fake.detach()).reshape(-1), zeros)).backward()
    opt_d.step()
    opt_g.zero_grad()
    F.binary_cross_entropy_with_logits(discriminator(fake).reshape(-1), ones).backward()
    opt_g.step()


for _ in range(3):
    train_step()
times = []
end = time.perf_counter() + seconds
while time.perf_counter() < end or len(times) < 5:
    t0 = time.perf_counter()
    train_step()
    times.append(time.perf_counter() - t0)
print(f"{B / statistics.median(times):.1f}")

# The Transformer figures of `dendrite bench transformer` in PyTorch: training tokens/s of the same encoder
# classifier (embedding 1000 x 128 plus learned positions, nn.TransformerEncoder of 2 post-norm layers, d 128,
# 4 heads, FFN 512, ReLU, dropout 0.1, mean over the sequence, linear to 10 classes, cross-entropy, Adam lr 1e-3,
# batch 32 x 64 random tokens), then attention forward + backward at T = 256 and 1024 (batch 8, 8 heads of 64) as
# PyTorch 1.13 computes it in nn.MultiheadAttention (bmm, softmax, bmm; 1.13 has no fused
# scaled_dot_product_attention). Prints "tokens_per_second ms_256 ms_1024". Usage: transformer_torch.py THREADS SECONDS
import math
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]))
seconds = float(sys.argv[2])
torch.manual_seed(0)
nn = torch.nn


def median_seconds(call, budget):
    for _ in range(3):
        call()
    times = []
    end = time.perf_counter() + budget
    while time.perf_counter() < end or len(times) < 5:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


class EncoderClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(1000, 128)
        self.positions = nn.Parameter(torch.randn(64, 128) * 0.02)
        layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(128, 10)

    def forward(self, ids):
        return self.head(self.encoder(self.embedding(ids) + self.positions).mean(1))


model = EncoderClassifier()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
ids = torch.randint(0, 1000, (32, 64))
labels = torch.randint(0, 10, (32,))


def train_step():
    opt.zero_grad()
    nn.functional.cross_entropy(model(ids), labels).backward()
    opt.step()


tokens = 32 * 64 / median_seconds(train_step, seconds)
results = [f"{tokens:.1f}"]
for length in (256, 1024):
    q, k, v = (torch.randn(8 * 8, length, 64, requires_grad=True) for _ in range(3))
    cot = torch.randn(8 * 8, length, 64)

    def attention_step():
        for t in (q, k, v):
            t.grad = None
        weights = torch.softmax(torch.bmm(q / math.sqrt(64), k.transpose(1, 2)), dim=-1)
        torch.bmm(weights, v).backward(cot)

    results.append(f"{median_seconds(attention_step, seconds / 2) * 1e3:.2f}")
print(" ".join(results))

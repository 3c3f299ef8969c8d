# The char-lstm training step of `dendrite bench char-lstm` in PyTorch: embedding 64, one LSTM layer of 256,
# vocabulary 65, batch 32 x 100 steps, Adam (lr 2e-3), clipping at norm 5, random text. Prints tokens/s (median
# of timed steps). Usage: char_lstm_torch.py THREADS SECONDS
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]))
seconds = float(sys.argv[2])
torch.manual_seed(0)
vocab, batch, steps = 65, 32, 100
emb = torch.nn.Embedding(vocab, 64)
lstm = torch.nn.LSTM(64, 256, batch_first=True)
dec = torch.nn.Linear(256, vocab)
params = list(emb.parameters()) + list(lstm.parameters()) + list(dec.parameters())
opt = torch.optim.Adam(params, lr=2e-3)
ids = torch.randint(0, vocab, (batch, steps + 1))
x, y = ids[:, :-1], ids[:, 1:].reshape(-1)


def step():
    opt.zero_grad()
    out, _ = lstm(emb(x))
    loss = torch.nn.functional.cross_entropy(dec(out).reshape(-1, vocab), y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 5)
    opt.step()


for _ in range(3):
    step()
times = []
end = time.perf_counter() + seconds
while time.perf_counter() < end or len(times) < 5:
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
print(f"{batch * steps / statistics.median(times):.1f}")

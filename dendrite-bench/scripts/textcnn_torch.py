# The TextCNN training step of `dendrite bench textcnn` in PyTorch: vocabulary 20,000, embedding 128, filters
# 3/4/5 x 100 maps with ReLU and max-over-time pooling, dropout 0.5, two classes, batch 64 x 400 tokens, random
# ids. The embedding is sparse and trained by SparseAdam, the rest by Adam (lr 1e-3), as Dendrite's lazy Adam does
# both. Prints texts/s (median of timed steps). Usage: textcnn_torch.py THREADS SECONDS
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]))
seconds = float(sys.argv[2])
torch.manual_seed(0)
vocab, batch, length, dim, maps = 20000, 64, 400, 128, 100
nn = torch.nn


class TextCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0, sparse=True)
        self.convolutions = nn.ModuleList(nn.Conv1d(dim, maps, k) for k in (3, 4, 5))
        self.dropout = nn.Dropout(0.5)
        self.output = nn.Linear(3 * maps, 2)

    def forward(self, ids):
        x = self.embedding(ids).transpose(1, 2)
        pooled = [torch.relu(conv(x)).max(dim=2).values for conv in self.convolutions]
        return self.output(self.dropout(torch.cat(pooled, 1)))


model = TextCnn()
sparse = torch.optim.SparseAdam(list(model.embedding.parameters()), lr=1e-3)
dense = torch.optim.Adam([p for n, p in model.named_parameters() if not n.startswith("embedding")], lr=1e-3)
ids = torch.randint(1, vocab, (batch, length))
labels = torch.randint(0, 2, (batch,))


def step():
    sparse.zero_grad()
    dense.zero_grad()
    torch.nn.functional.cross_entropy(model(ids), labels).backward()
    sparse.step()
    dense.step()


for _ in range(3):
    step()
times = []
end = time.perf_counter() + seconds
while time.perf_counter() < end or len(times) < 5:
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
print(f"{batch / statistics.median(times):.1f}")

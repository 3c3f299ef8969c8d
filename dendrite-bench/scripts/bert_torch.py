# The BERT figure of `dendrite bench bert` in PyTorch: one pretraining step of BERT L2/H128 written as Hugging
# Face's BertForPreTraining computes it (embeddings + LayerNorm + dropout, post-norm layers with 2 heads of 64,
# matmul/softmax attention with an additive padding mask, exact GELU, feed-forward 512; pooler; MLM transform and
# decoder tied to the word embeddings; NSP), vocabulary 8000, batch 32 x 128 random tokens, the positions whose
# flat index is 0, 1 or 2 modulo 20 masked and only those rows through the MLM head, random NSP labels; the sum of
# both cross-entropies, clip_grad_norm_ 1, AdamW lr 1e-4 with weight decay 0.01 but on biases and LayerNorms.
# Prints tokens/s. Usage: bert_torch.py THREADS SECONDS
import math
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]))
seconds = float(sys.argv[2])
torch.manual_seed(0)
nn = torch.nn
F = nn.functional
V, H, L, A, I, B, T = 8000, 128, 2, 2, 512, 32, 128


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query, self.key, self.value = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, H)
        self.attention_output, self.attention_norm = nn.Linear(H, H), nn.LayerNorm(H, eps=1e-12)
        self.intermediate, self.output, self.output_norm = nn.Linear(H, I), nn.Linear(I, H), nn.LayerNorm(H, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x, additive):
        heads = lambda t: t.view(B, T, A, H // A).transpose(1, 2)
        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        w = self.dropout(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(H // A) + additive, -1))
        context = (w @ v).transpose(1, 2).reshape(B, T, H)
        x = self.attention_norm(self.dropout(self.attention_output(context)) + x)
        return self.output_norm(self.dropout(self.output(F.gelu(self.intermediate(x)))) + x)


class BertForPreTraining(nn.Module):
    def __init__(self):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(V, H), nn.Embedding(T, H), nn.Embedding(2, H)
        self.embedding_norm, self.dropout = nn.LayerNorm(H, eps=1e-12), nn.Dropout(0.1)
        self.layers = nn.ModuleList(Layer() for _ in range(L))
        self.pooler, self.nsp = nn.Linear(H, H), nn.Linear(H, 2)
        self.transform, self.transform_norm = nn.Linear(H, H), nn.LayerNorm(H, eps=1e-12)
        self.mlm_bias = nn.Parameter(torch.zeros(V))

    def forward(self, ids, segments, attention, masked):
        x = self.words(ids) + self.positions(torch.arange(T)) + self.types(segments)
        x = self.dropout(self.embedding_norm(x))
        additive = (1 - attention[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, additive)
        picked = x.reshape(-1, H)[masked]
        mlm = F.linear(self.transform_norm(F.gelu(self.transform(picked))), self.words.weight, self.mlm_bias)
        return mlm, self.nsp(torch.tanh(self.pooler(x[:, 0])))


model = BertForPreTraining()
decay = [p for n, p in model.named_parameters() if p.dim() == 2]
no_decay = [p for n, p in model.named_parameters() if p.dim() != 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-4)
ids = torch.randint(5, V, (B, T))
segments = (torch.arange(T) >= T // 2).long().expand(B, T)
attention = torch.ones(B, T, dtype=torch.long)
masked = torch.nonzero(torch.arange(B * T) % 20 < 3).squeeze(1)
targets = ids.reshape(-1)[masked].clone()
ids.view(-1)[masked] = 4
nsp_labels = torch.randint(0, 2, (B,))


def train_step():
    opt.zero_grad()
    mlm, nsp = model(ids, segments, attention, masked)
    (F.cross_entropy(mlm, targets) + F.cross_entropy(nsp, nsp_labels)).backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


for _ in range(3):
    train_step()
times = []
end = time.perf_counter() + seconds
while time.perf_counter() < end or len(times) < 5:
    t0 = time.perf_counter()
    train_step()
    times.append(time.perf_counter() - t0)
print(f"{B * T / statistics.median(times):.1f}")

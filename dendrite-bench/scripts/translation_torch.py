# The PyTorch twin of `dendrite train --model transformer|seq2seq --data pairs:FILE`: the same held-out split
# (Dendrite's seeded shuffle, reimplemented: xoshiro256** seeded by SplitMix64), the same 13a tokenisation and
# vocabularies, the same network (nn.Transformer with scaled N(0, 1/d) embeddings and sinusoidal positions; or a
# GRU encoder-decoder with Luong "general" attention or none), label smoothing 0.1, row-sparse embeddings under
# SparseAdam and Adam for the rest, clipping at norm 1, the same learning-rate schedule, trained for a given number
# of steps; then greedy translations of the first 500 held-out sentences, written with their references so that
# `dendrite bleu` scores both frameworks the same way.
# Usage: translation_torch.py PAIRS OUTDIR --model transformer|luong|none (--steps N | --epochs E) [--threads 2]
import argparse
import math
import random
import re
import time

import torch

M64 = (1 << 64) - 1
SPECIALS = ["<pad>", "<unk>", "<bos>", "<eos>"]
PAD, UNK, BOS, EOS = 0, 1, 2, 3


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Generator:
    """dev.dendrite.tensor.Generator: xoshiro256** seeded through SplitMix64."""

    def __init__(self, seed):
        x = seed & M64
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            self.s.append(mix(x))

    def next_long(self):
        s0, s1, s2, s3 = self.s
        result = (rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_int(self, bound):
        return (self.next_long() >> 1) % bound


def split(n, seed, held_out):
    """dev.dendrite.data.Splits.random(n, seed, 1 - held_out, held_out)."""
    order = list(range(n))
    g = Generator(seed)
    for i in range(n - 1, 0, -1):
        j = g.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    cut = min(n, math.floor((1 - held_out) * n + 0.5))
    return order[:cut], order[cut:]


RULES = [(re.compile(r'([\{-\~\[-\` -\&\(-\+\:-\@\/])'), r' \1 '), (re.compile(r'([^0-9])([\.,])'), r'\1 \2 '),
         (re.compile(r'([\.,])([^0-9])'), r' \1 \2'), (re.compile(r'([0-9])(-)'), r'\1 \2 ')]


def tokenize13a(line):
    line = line.replace('<skipped>', '').replace('-\n', '').replace('\n', ' ')
    if '&' in line:
        line = line.replace('&quot;', '"').replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
    line = f' {line} '
    for rule, repl in RULES:
        line = rule.sub(repl, line)
    return line.split()


def vocabulary(texts, min_count, max_size):
    counts = {}
    for t in texts:
        for w in t:
            counts[w] = counts.get(w, 0) + 1
    kept = sorted((w for w, c in counts.items() if c >= min_count and w not in SPECIALS), key=lambda w: (-counts[w], w))
    words = SPECIALS + kept[:max_size - len(SPECIALS)]
    return {w: i for i, w in enumerate(words)}, words


def sinusoids(length, d):
    pe = torch.zeros(length, d)
    for i in range(d):
        angle = torch.arange(length, dtype=torch.float64) / 10000 ** ((i - i % 2) / d)
        pe[:, i] = (torch.sin(angle) if i % 2 == 0 else torch.cos(angle)).float()
    return pe


class TransformerTranslator(torch.nn.Module):
    def __init__(self, sv, tv, d=256, heads=4, layers=3, ff=1024, dropout=0.1):
        super().__init__()
        self.d = d
        self.source_embedding = torch.nn.Embedding(sv, d, padding_idx=PAD, sparse=True)
        self.target_embedding = torch.nn.Embedding(tv, d, padding_idx=PAD, sparse=True)
        for e in (self.source_embedding, self.target_embedding):
            torch.nn.init.normal_(e.weight, 0, d ** -0.5)
            with torch.no_grad():
                e.weight[PAD].zero_()
        self.register_buffer("pe", sinusoids(256, d))
        self.dropout = torch.nn.Dropout(dropout)
        self.transformer = torch.nn.Transformer(d, heads, layers, layers, ff, dropout, batch_first=True)
        self.out = torch.nn.Linear(d, tv)

    def embed(self, embedding, ids):
        return self.dropout(embedding(ids) * math.sqrt(self.d) + self.pe[:ids.shape[1]])

    def encode(self, src, pad):
        return self.transformer.encoder(self.embed(self.source_embedding, src), src_key_padding_mask=pad)

    def decode(self, memory, pad, tgt):
        causal = torch.triu(torch.ones(tgt.shape[1], tgt.shape[1], dtype=torch.bool), 1)
        h = self.transformer.decoder(self.embed(self.target_embedding, tgt), memory, tgt_mask=causal,
                                     memory_key_padding_mask=pad)
        return self.out(h)


class Seq2Seq(torch.nn.Module):
    def __init__(self, sv, tv, attention, e=256, h=512, dropout=0.2):
        super().__init__()
        self.source_embedding = torch.nn.Embedding(sv, e, padding_idx=PAD, sparse=True)
        self.target_embedding = torch.nn.Embedding(tv, e, padding_idx=PAD, sparse=True)
        self.encoder = torch.nn.GRU(e, h, batch_first=True)
        self.decoder = torch.nn.GRU(e, h, batch_first=True)
        self.attention = attention
        if attention == "luong":
            self.general = torch.nn.Linear(h, h, bias=False)
            self.combine = torch.nn.Linear(2 * h, h)
        self.dropout = torch.nn.Dropout(dropout)
        self.out = torch.nn.Linear(h, tv)

    def encode(self, src, pad):
        lengths = (~pad).sum(1)
        packed = torch.nn.utils.rnn.pack_padded_sequence(self.source_embedding(src), lengths, batch_first=True,
                                                         enforce_sorted=False)
        out, h = self.encoder(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        return out, h

    def decode(self, memory, pad, tgt, state=None):
        enc, h = memory
        dec, h = self.decoder(self.target_embedding(tgt), h if state is None else state)
        if self.attention == "luong":
            scores = dec @ self.general(enc).transpose(1, 2)
            weights = torch.softmax(scores.masked_fill(pad.unsqueeze(1), float("-inf")), -1)
            dec = torch.tanh(self.combine(torch.cat([weights @ enc, dec], 2)))
        return self.out(self.dropout(dec)), h


def batch(rows, sources, targets):
    s = max(len(sources[r]) for r in rows)
    t = max(len(targets[r]) for r in rows) + 1
    src = torch.zeros(len(rows), s, dtype=torch.long)
    tin = torch.zeros(len(rows), t, dtype=torch.long)
    tout = torch.zeros(len(rows), t, dtype=torch.long)
    for i, r in enumerate(rows):
        src[i, :len(sources[r])] = torch.tensor(sources[r])
        y = targets[r]
        tin[i, 0] = BOS
        tin[i, 1:len(y) + 1] = torch.tensor(y, dtype=torch.long)
        tout[i, :len(y)] = torch.tensor(y, dtype=torch.long)
        tout[i, len(y)] = EOS
    return src, src == PAD, tin, tout


def greedy(model, src, pad, max_length):
    with torch.no_grad():
        memory = model.encode(src, pad)
        tokens = torch.full((src.shape[0], 1), BOS, dtype=torch.long)
        state = None
        done = torch.zeros(src.shape[0], dtype=torch.bool)
        for _ in range(max_length):
            if isinstance(model, Seq2Seq):
                logits, state = model.decode(memory, pad, tokens[:, -1:], state)
            else:
                logits = model.decode(memory, pad, tokens)
            nxt = logits[:, -1].argmax(-1)
            nxt[done] = EOS
            tokens = torch.cat([tokens, nxt.unsqueeze(1)], 1)
            done |= nxt == EOS
            if done.all():
                break
    return tokens[:, 1:]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("pairs")
    p.add_argument("outdir")
    p.add_argument("--model", choices=["transformer", "luong", "none"], required=True)
    p.add_argument("--steps", type=int, help="training steps (or --epochs)")
    p.add_argument("--epochs", type=int, help="epochs of the training pairs in batches of --batch-size")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=1000)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    pairs = []
    for line in open(a.pairs, encoding="utf-8"):
        if line.strip():
            src, tgt = line.rstrip("\r\n").split("\t")
            pairs.append((src.strip(), tgt.strip()))
    train_rows, held_rows = split(len(pairs), a.seed, 0.05)
    s_ids, s_words = vocabulary([tokenize13a(pairs[r][0]) for r in train_rows], 2, 10000)
    t_ids, t_words = vocabulary([tokenize13a(pairs[r][1]) for r in train_rows], 2, 10000)
    max_length = 50

    def encode(rows):
        sources = [[s_ids.get(w, UNK) for w in tokenize13a(pairs[r][0])[:max_length]] + [EOS] for r in rows]
        targets = [[t_ids.get(w, UNK) for w in tokenize13a(pairs[r][1])[:max_length]] for r in rows]
        return sources, targets

    train_s, train_t = encode(train_rows)
    held_s, _ = encode(held_rows)
    if a.model == "transformer":
        model = TransformerTranslator(len(s_words), len(t_words))
        schedule = lambda n: (n + 1) / a.warmup if n < a.warmup else math.sqrt(a.warmup / (n + 1))
    else:
        model = Seq2Seq(len(s_words), len(t_words), a.model)
        schedule = lambda n: 1.0
    sparse = [model.source_embedding.weight, model.target_embedding.weight]
    dense = [q for q in model.parameters() if all(q is not s for s in sparse)]
    optimizers = [torch.optim.SparseAdam(sparse, lr=a.lr), torch.optim.Adam(dense, lr=a.lr)]
    order = sorted(range(len(train_s)), key=lambda r: len(train_s[r]))
    batches = [order[i:i + a.batch_size] for i in range(0, len(order), a.batch_size)]
    if (a.steps is None) == (a.epochs is None):
        p.error("give one of --steps and --epochs")
    total = a.steps if a.steps is not None else a.epochs * len(batches)
    step, epoch, start = 0, 0, time.time()
    while step < total:
        random.Random(a.seed * 1000003 + epoch).shuffle(batches)
        model.train()
        for rows in batches:
            if step == total:
                break
            src, pad, tin, tout = batch(rows, train_s, train_t)
            for o in optimizers:
                o.zero_grad()
                for group in o.param_groups:
                    group["lr"] = a.lr * schedule(step)
            logits = model.decode(model.encode(src, pad), pad, tin)
            if isinstance(logits, tuple):
                logits = logits[0]
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tout.reshape(-1),
                                                     ignore_index=PAD, label_smoothing=0.1)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            for o in optimizers:
                o.step()
            step += 1
        epoch += 1
    train_seconds = time.time() - start
    model.eval()
    rows = list(range(min(500, len(held_rows))))
    hyps = []
    for i in range(0, len(rows), 64):
        chunk = rows[i:i + 64]
        src = torch.zeros(len(chunk), max(len(held_s[r]) for r in chunk), dtype=torch.long)
        for j, r in enumerate(chunk):
            src[j, :len(held_s[r])] = torch.tensor(held_s[r])
        for out in greedy(model, src, src == PAD, max_length).tolist():
            words = []
            for t in out:
                if t == EOS:
                    break
                words.append(t_words[t])
            hyps.append(" ".join(words))
    with open(f"{a.outdir}/hypotheses.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(hyps) + "\n")
    with open(f"{a.outdir}/references.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(pairs[held_rows[r]][1] for r in rows) + "\n")
    print(f"steps {step} epochs {epoch} train_seconds {train_seconds:.1f} last_loss {loss.item():.4f}")


if __name__ == "__main__":
    main()

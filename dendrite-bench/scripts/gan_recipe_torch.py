# PyTorch twins of the dcgan kind's networks trained on MNIST, scored as `dendrite gan-score` scores (Inception Score
# over 10 splits and the Frechet distance of the penultimate features of a LeNet trained by `dendrite train --model
# lenet`, here loaded from its checkpoint; 10,000 samples, BatchNorm in eval mode). Used to find which recipe lifts
# the unconditional DCGAN's score before building it in Dendrite; runs on a GPU when there is one.
# Usage: gan_recipe_torch.py data=MNIST_DIR lenet=CHECKPOINT [name=N] [arch=dcgan|dense|deep] [epochs=E]
#        [evals=3,7,11] [smooth=0.1] [lrd=2e-4] [lrg=2e-4] [features=64] [loss=bce|hinge] [batch=64]
#        [decay=none|linear] [gsteps=1] [ema=0] [seed=1] [load=DENDRITE_CHECKPOINT: score its generator, no training]
# Prints one JSON line per scored epoch.
import copy
import gzip
import json
import math
import struct
import sys
import time

import numpy as np
import torch

nn = torch.nn
F = nn.functional
args = dict(a.split("=", 1) for a in sys.argv[1:])
name = args.get("name", "base")
arch = args.get("arch", "dcgan")
epochs = int(args.get("epochs", 14))
evals = [int(e) for e in args.get("evals", "3,7,11,14").split(",")]
smooth = float(args.get("smooth", 0.1))
lrd, lrg = float(args.get("lrd", 2e-4)), float(args.get("lrg", 2e-4))
w = int(args.get("features", 64))
loss = args.get("loss", "bce")
B = int(args.get("batch", 64))
decay = args.get("decay", "none")
gsteps = int(args.get("gsteps", 1))
ema = float(args.get("ema", 0))
Z = 100
dev = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(int(args.get("seed", 1)))
if dev == "cpu":
    torch.set_num_threads(2)


def idx_images(path):
    with gzip.open(path) as f:
        raw = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    return torch.tensor(raw, dtype=torch.float32).div(255).to(dev)


def safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k != "__metadata__" and v["dtype"] == "F32":
            a, b = v["data_offsets"]
            out[k] = torch.tensor(np.frombuffer(data[a:b], np.float32).reshape(v["shape"]).copy())
    return out


train = idx_images(args["data"] + "/train-images-idx3-ubyte.gz")
test = idx_images(args["data"] + "/t10k-images-idx3-ubyte.gz")

# LeNet-5 as dendrite-models builds it: features (conv 6 5x5 pad 2, ReLU, pool, conv 16 5x5, ReLU, pool), then
# classifier (flatten, 400-120-84-10 with ReLU); the 84 features before the last layer are the Frechet features.
lenet_weights = safetensors(args["lenet"])
lenet = nn.Sequential(nn.Conv2d(1, 6, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU())
lenet_out = nn.Linear(84, 10)
for layer, key in [(lenet[0], "features.0"), (lenet[3], "features.3"), (lenet[7], "classifier.1"),
                   (lenet[9], "classifier.3"), (lenet_out, "classifier.5")]:
    layer.weight.data.copy_(lenet_weights["model." + key + ".weight"])
    layer.bias.data.copy_(lenet_weights["model." + key + ".bias"])
lenet.to(dev).eval()
lenet_out.to(dev).eval()


def judge(images):
    with torch.no_grad():
        f = torch.cat([lenet(images[i:i + 500]) for i in range(0, len(images), 500)])
        return f.double(), torch.softmax(lenet_out(f), 1).double()


def inception_score(p, splits=10):
    total = 0
    for i in range(splits):
        q = p[len(p) * i // splits:len(p) * (i + 1) // splits]
        total += math.exp((q * (q.clamp_min(1e-300).log() - q.mean(0, keepdim=True).log())).sum(1).mean().item())
    return total / splits


def frechet(f1, f2):
    c1, c2 = torch.cov(f1.T), torch.cov(f2.T)
    root_trace = torch.linalg.eigvals(c1 @ c2).real.clamp_min(0).sqrt().sum()
    return ((f1.mean(0) - f2.mean(0)) ** 2).sum().item() + (c1.trace() + c2.trace() - 2 * root_trace).item()


test_features, _ = judge(test)


def networks():
    maps = 2 * w * 49
    if arch == "dense":  # the dcgan kind's default: Chen et al. 2016's MNIST networks
        g = nn.Sequential(nn.Linear(Z, 1024, bias=False), nn.BatchNorm1d(1024), nn.ReLU(),
                          nn.Linear(1024, maps, bias=False), nn.BatchNorm1d(maps), nn.ReLU(), nn.Unflatten(1, (2 * w, 7, 7)))
    else:  # dense=0: Radford et al.'s projection by a 7 x 7 transposed convolution
        g = nn.Sequential(nn.Unflatten(1, (Z, 1, 1)), nn.ConvTranspose2d(Z, 2 * w, 7, 1, 0, bias=False),
                          nn.BatchNorm2d(2 * w), nn.ReLU())
    g.extend([nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU()])
    if arch == "deep":
        g.extend([nn.Conv2d(w, w, 3, 1, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU()])
    g.extend([nn.ConvTranspose2d(w, 1, 4, 2, 1, bias=False), nn.Tanh()])
    d = nn.Sequential(nn.Conv2d(1, w, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
                      nn.Conv2d(w, 2 * w, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * w), nn.LeakyReLU(0.2))
    if arch == "dense":
        d.extend([nn.Flatten(), nn.Linear(maps, 1024, bias=False), nn.BatchNorm1d(1024), nn.LeakyReLU(0.2),
                  nn.Linear(1024, 1)])
    else:
        d.extend([nn.Conv2d(2 * w, 1, 7, 1, 0, bias=False), nn.Flatten()])
    for m in list(g.modules()) + list(d.modules()):
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(m.weight, 0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(m.weight, 1, 0.02)
            nn.init.zeros_(m.bias)
    return g.to(dev), d.to(dev)


G, D = networks()
start = time.time()


def score(net, tag, epoch):
    net.eval()
    noise = torch.Generator(device=dev).manual_seed(0)
    with torch.no_grad():
        samples = torch.cat([net(torch.randn(500, Z, device=dev, generator=noise)) for _ in range(20)]).add(1).mul(0.5)
    net.train()
    f, p = judge(samples)
    shares = torch.bincount(p.argmax(1), minlength=10).double() / len(p)
    print(json.dumps({"name": name, "generator": tag, "epoch": epoch, "inception_score": round(inception_score(p), 3),
                      "frechet_distance": round(frechet(f, test_features), 2), "min_share": round(shares.min().item(), 3),
                      "max_share": round(shares.max().item(), 3), "seconds": round(time.time() - start)}), flush=True)


if "load" in args:  # our generator.projection (arch=dense) and generator.body are the twin's layers around Unflatten
    weights = safetensors(args["load"])
    layers = list(G)
    cut = next(i for i, m in enumerate(layers) if isinstance(m, nn.Unflatten))
    for prefix, part in (("projection", layers[:cut]), ("body", layers[cut + 1:])):
        key = "model.generator." + prefix + "."
        if part:
            nn.Sequential(*part).load_state_dict({k[len(key):]: v for k, v in weights.items() if k.startswith(key)})
    score(G, "loaded", 0)
    sys.exit(0)

opt_d = torch.optim.Adam(D.parameters(), lr=lrd, betas=(0.5, 0.999))
opt_g = torch.optim.Adam(G.parameters(), lr=lrg, betas=(0.5, 0.999))
average = copy.deepcopy(G) if ema > 0 else None
per_epoch = len(train) // B
total = epochs * per_epoch


def d_loss(on_real, on_fake):
    if loss == "hinge":
        return F.relu(1 - on_real).mean() + F.relu(1 + on_fake).mean()
    return (F.binary_cross_entropy_with_logits(on_real, torch.full_like(on_real, 1 - smooth))
            + F.binary_cross_entropy_with_logits(on_fake, torch.zeros_like(on_fake)))


def g_loss(on_fake):
    return -on_fake.mean() if loss == "hinge" else F.binary_cross_entropy_with_logits(on_fake, torch.ones_like(on_fake))


for step in range(total):
    if step % per_epoch == 0:
        order = torch.randperm(len(train), device=dev)
    factor = 1.0 if decay == "none" else 1 - step / total
    for opt, lr in ((opt_d, lrd), (opt_g, lrg)):
        for group in opt.param_groups:
            group["lr"] = lr * factor
    real = train[order[(step % per_epoch) * B:(step % per_epoch + 1) * B]] * 2 - 1
    fake = G(torch.randn(B, Z, device=dev))
    opt_d.zero_grad()
    d_loss(D(real).reshape(-1), D(fake.detach()).reshape(-1)).backward()
    opt_d.step()
    for k in range(gsteps):
        if k > 0:
            fake = G(torch.randn(B, Z, device=dev))
        opt_g.zero_grad()
        g_loss(D(fake).reshape(-1)).backward()
        opt_g.step()
    if average is not None:
        with torch.no_grad():
            for a, p in zip(average.parameters(), G.parameters()):
                a.lerp_(p, 1 - ema)
            for a, b in zip(average.buffers(), G.buffers()):
                a.copy_(b)
    if (step + 1) % per_epoch == 0 and (step + 1) // per_epoch in evals:
        score(G, "trained", (step + 1) // per_epoch)
        if average is not None:
            score(average, "average", (step + 1) // per_epoch)

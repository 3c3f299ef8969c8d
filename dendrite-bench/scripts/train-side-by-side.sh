#!/usr/bin/env bash
# Training side by side, batch 128, Adam, random data: MODEL mlp (784-512-256-10, ReLU), lenet (LeNet-5 on
# 1x28x28) or alexnet-small (on 1x28x28). Runs `dendrite bench train` and the same network in PyTorch (Debian's
# python3-torch, 2 threads) back to back, ROUNDS times. Usage: train-side-by-side.sh [mlp|lenet|alexnet-small] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:-mlp}"
rounds="${2:-2}"
sample=784
[ "$model" != mlp ] && sample=1x28x28
. "$root/dendrite-bench/scripts/torch-blas.sh"
printf '| round | Dendrite samples/s | PyTorch samples/s | ratio | Dendrite batch-1 us | PyTorch batch-1 us |\n|---|---|---|---|---|---|\n'
for r in $(seq 1 "$rounds"); do
  d="$("$root/dendrite" bench train --model "$model" --sample "$sample" --json 2>/dev/null)"
  ds="$(sed 's/.*"samples_per_second":\([0-9.]*\).*/\1/' <<< "$d")"
  dl="$(sed 's/.*"batch1_latency_us":\([0-9.]*\).*/\1/' <<< "$d")"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    read -r ts _ tl <<< "$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/train_torch.py" 2 "$model")"
    ratio="$(awk -v a="$ds" -v b="$ts" 'BEGIN {printf "%.2f", a / b}')"
  else
    ts="-"; tl="-"; ratio="-"
  fi
  printf '| %s | %.0f | %s | %s | %.1f | %s |\n' "$r" "$ds" "$ts" "$ratio" "$dl" "$tl"
done

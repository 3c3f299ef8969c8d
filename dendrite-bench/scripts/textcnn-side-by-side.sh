#!/usr/bin/env bash
# Kim's TextCNN training step side by side (vocabulary 20k, embedding 128, filters 3/4/5 x 100, batch 64 x 400
# tokens, Adam with a sparse embedding): `dendrite bench textcnn` and the same step in PyTorch (Debian's
# python3-torch, 2 threads, SparseAdam + Adam), back to back, ROUNDS times. Usage: textcnn-side-by-side.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-2}"
. "$root/dendrite-bench/scripts/torch-blas.sh"
printf '| round | Dendrite texts/s | PyTorch texts/s | ratio |\n|---|---|---|---|\n'
for r in $(seq 1 "$rounds"); do
  d="$("$root/dendrite" bench textcnn --seconds 5 --json 2>/dev/null)"
  ds="$(sed 's/.*"texts_per_second":\([0-9.]*\).*/\1/' <<< "$d")"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    ts="$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/textcnn_torch.py" 2 5)"
    ratio="$(awk -v a="$ds" -v b="$ts" 'BEGIN {printf "%.2f", a / b}')"
  else
    ts="-"; ratio="-"
  fi
  printf '| %s | %.0f | %s | %s |\n' "$r" "$ds" "$ts" "$ratio"
done

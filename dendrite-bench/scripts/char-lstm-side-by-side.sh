#!/usr/bin/env bash
# The char-lstm training step side by side (embedding 64, LSTM 256, vocabulary 65, batch 32 x 100 steps, Adam,
# clipping at norm 5): `dendrite bench char-lstm` and the same step in PyTorch (Debian's python3-torch, 2 threads),
# back to back, ROUNDS times. Usage: char-lstm-side-by-side.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-2}"
. "$root/dendrite-bench/scripts/torch-blas.sh"
printf '| round | Dendrite tokens/s | PyTorch tokens/s | ratio |\n|---|---|---|---|\n'
for r in $(seq 1 "$rounds"); do
  d="$("$root/dendrite" bench char-lstm --seconds 5 --json 2>/dev/null)"
  ds="$(sed 's/.*"tokens_per_second":\([0-9.]*\).*/\1/' <<< "$d")"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    ts="$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/char_lstm_torch.py" 2 5)"
    ratio="$(awk -v a="$ds" -v b="$ts" 'BEGIN {printf "%.2f", a / b}')"
  else
    ts="-"; ratio="-"
  fi
  printf '| %s | %.0f | %s | %s |\n' "$r" "$ds" "$ts" "$ratio"
done

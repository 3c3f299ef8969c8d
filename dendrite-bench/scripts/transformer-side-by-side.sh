#!/usr/bin/env bash
# The Transformer benchmark side by side: `dendrite bench transformer` and the same encoder classifier and attention
# in PyTorch (Debian's python3-torch, 2 threads), back to back, ROUNDS times. Ratios above 1 favour Dendrite
# (tokens/s: Dendrite / PyTorch; attention: PyTorch ms / Dendrite ms). Usage: transformer-side-by-side.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-2}"
. "$root/dendrite-bench/scripts/torch-blas.sh"
printf '| round | Dendrite tokens/s | PyTorch tokens/s | ratio | attention T=256 ms D / P | ratio | T=1024 ms D / P | ratio |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for r in $(seq 1 "$rounds"); do
  d="$("$root/dendrite" bench transformer --seconds 6 --json 2>/dev/null)"
  dt="$(sed 's/.*"tokens_per_second":\([0-9.]*\).*/\1/' <<< "$d")"
  d256="$(sed 's/.*"length":256,"forward_backward_ms":\([0-9.]*\).*/\1/' <<< "$d")"
  d1024="$(sed 's/.*"length":1024,"forward_backward_ms":\([0-9.]*\).*/\1/' <<< "$d")"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    read -r pt p256 p1024 <<< "$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/transformer_torch.py" 2 6)"
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
    printf '| %s | %.0f | %.0f | %s | %.1f / %.1f | %s | %.1f / %.1f | %s |\n' "$r" "$dt" "$pt" "$(ratio "$dt" "$pt")" \
      "$d256" "$p256" "$(ratio "$p256" "$d256")" "$d1024" "$p1024" "$(ratio "$p1024" "$d1024")"
  else
    printf '| %s | %.0f | - | - | %.1f / - | - | %.1f / - | - |\n' "$r" "$dt" "$d256" "$d1024"
  fi
done

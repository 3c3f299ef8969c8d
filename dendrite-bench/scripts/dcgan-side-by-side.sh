#!/usr/bin/env bash
# The DCGAN training step side by side: `dendrite bench dcgan` and the same step in PyTorch (dcgan_torch.py,
# Debian's python3-torch, 2 threads), back to back, ROUNDS times. The ratio is Dendrite images/s over PyTorch's.
# Usage: dcgan-side-by-side.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-3}"
blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
printf '| round | Dendrite images/s | PyTorch images/s | ratio |\n|---|---|---|---|\n'
for r in $(seq 1 "$rounds"); do
  d="$("$root/dendrite" bench dcgan --seconds 8 --json 2>/dev/null)"
  dt="$(sed 's/.*"images_per_second":\([0-9.]*\).*/\1/' <<< "$d")"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    pt="$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/dcgan_torch.py" 2 8)"
    printf '| %s | %.0f | %.0f | %s |\n' "$r" "$dt" "$pt" "$(awk -v a="$dt" -v b="$pt" 'BEGIN {printf "%.2f", a / b}')"
  else
    printf '| %s | %.0f | - | - |\n' "$r" "$dt"
  fi
done

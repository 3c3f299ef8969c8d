#!/usr/bin/env bash
# conv2d forward + backward GFLOP/s at batch 8 on AlexNet's, ResNet-18's and LeNet-5's convolution shapes:
# `dendrite bench conv` and the same in PyTorch (Debian's python3-torch, 2 threads), one after the other, as one
# table.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/dendrite-bench/scripts/torch-blas.sh"
d="$("$root/dendrite" bench conv 2>/dev/null)"
t=""
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  t="$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/conv_torch.py" 2)"
fi
printf '| layer | shape (C_in, H, W, C_out, k, stride, pad) | Dendrite GFLOP/s | PyTorch GFLOP/s | ratio |\n|---|---|---|---|---|\n'
while read -r layer shape gflops _; do
  tg="$(awk -v l="$layer" '$1 == l {print $2}' <<< "$t")"
  ratio="-"
  [ -n "$tg" ] && ratio="$(awk -v a="$gflops" -v b="$tg" 'BEGIN {printf "%.2f", a / b}')"
  printf '| %s | %s | %s | %s | %s |\n' "$layer" "$shape" "$gflops" "${tg:--}" "$ratio"
done < <(sed -E 's/^([a-z0-9x-]+) \[([^]]*)\]: ([0-9.]+) .*/\1 \2 \3/; s/, /,/g' <<< "$d")

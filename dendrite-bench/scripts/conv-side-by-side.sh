#!/usr/bin/env bash
# conv2d forward + backward GFLOP/s at batch 8 on AlexNet's, ResNet-18's and LeNet-5's convolution shapes:
# `dendrite bench conv` and the same in PyTorch (Debian's python3-torch, 2 threads), one after the other, ROUNDS
# times (default 1), as one table: each round's Dendrite / PyTorch GFLOP/s and ratio, then the median ratio (the
# VM's speed drifts between the two halves of a round). Usage: conv-side-by-side.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-1}"
. "$root/dendrite-bench/scripts/torch-blas.sh"
has_torch=0
/usr/bin/python3 -c 'import torch' 2>/dev/null && has_torch=1
rows=""
for r in $(seq 1 "$rounds"); do
  d="$("$root/dendrite" bench conv 2>/dev/null)"
  t=""
  if [ "$has_torch" = 1 ]; then
    t="$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/conv_torch.py" 2)"
  fi
  while read -r layer shape gflops; do
    tg="$(awk -v l="$layer" '$1 == l {print $2}' <<< "$t")"
    rows+="$layer $shape $gflops ${tg:--}"$'\n'
  done < <(sed -E 's/^([a-z0-9x-]+) \[([^]]*)\]: ([0-9.]+) .*/\1 \2 \3/; s/, /,/g' <<< "$d")
done
header='| layer | shape (C_in, H, W, C_out, k, stride, pad) |'
rule='|---|---|'
for r in $(seq 1 "$rounds"); do header+=" round $r: Dendrite / PyTorch GFLOP/s, ratio |"; rule+='---|'; done
printf '%s median ratio |\n%s---|\n' "$header" "$rule"
awk '
  NF < 3 { next }
  { if (!($1 in shape)) { order[++n] = $1; shape[$1] = $2 }
    k = ++count[$1]; cell[$1, k] = $3 " / " $4
    if ($4 != "-") { ratio[$1, k] = $3 / $4; cell[$1, k] = cell[$1, k] sprintf(", %.2f", $3 / $4) } }
  END {
    for (i = 1; i <= n; i++) {
      l = order[i]; line = "| " l " | " shape[l] " |"; m = 0
      for (k = 1; k <= count[l]; k++) { line = line " " cell[l, k] " |"; if ((l, k) in ratio) v[++m] = ratio[l, k] }
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (v[b] < v[a]) { s = v[a]; v[a] = v[b]; v[b] = s }
      med = m == 0 ? "-" : (m % 2 ? sprintf("%.2f", v[(m + 1) / 2]) : sprintf("%.2f", (v[m / 2] + v[m / 2 + 1]) / 2))
      print line " " med " |"
    }
  }' <<< "$rows"

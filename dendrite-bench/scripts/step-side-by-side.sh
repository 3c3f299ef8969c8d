#!/usr/bin/env bash
# One training step side by side: `dendrite bench bert` or `bench dcgan` and the same step in PyTorch
# (bert_torch.py or dcgan_torch.py, Debian's python3-torch, 2 threads), back to back, ROUNDS times. The ratio is
# Dendrite's tokens/s (bert) or images/s (dcgan) over PyTorch's. Usage: step-side-by-side.sh bert|dcgan [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
what="${1:?usage: step-side-by-side.sh bert|dcgan [ROUNDS]}"
rounds="${2:-3}"
case "$what" in
  bert) unit=tokens ;;
  dcgan) unit=images ;;
  *) echo "step-side-by-side.sh: unknown benchmark '$what'; use bert or dcgan" >&2; exit 2 ;;
esac
. "$root/dendrite-bench/scripts/torch-blas.sh"
printf '| round | Dendrite %s/s | PyTorch %s/s | ratio |\n|---|---|---|---|\n' "$unit" "$unit"
for r in $(seq 1 "$rounds"); do
  d="$("$root/dendrite" bench "$what" --seconds 8 --json 2>/dev/null)"
  dt="$(sed "s/.*\"${unit}_per_second\":\([0-9.]*\).*/\1/" <<< "$d")"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    pt="$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/${what}_torch.py" 2 8)"
    printf '| %s | %.0f | %.0f | %s |\n' "$r" "$dt" "$pt" "$(awk -v a="$dt" -v b="$pt" 'BEGIN {printf "%.2f", a / b}')"
  else
    printf '| %s | %.0f | - | - |\n' "$r" "$dt"
  fi
done

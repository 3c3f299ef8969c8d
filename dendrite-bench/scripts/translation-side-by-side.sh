#!/usr/bin/env bash
# Translation quality side by side: `dendrite train --model transformer|seq2seq` for EPOCHS epochs on PAIRS, then
# the PyTorch twin (translation_torch.py: the same split, tokens, vocabularies, network and schedule) for the same
# number of steps; both report the BLEU of greedy translations of the same 500 held-out sentences, scored by
# `dendrite bleu`. Usage: translation-side-by-side.sh transformer|luong|none EPOCHS [PAIRS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="$1"
epochs="$2"
pairs="${3:-$root/../shared/data/parallel/ding-deu-eng-examples.tsv}"
. "$root/dendrite-bench/scripts/torch-blas.sh"
work="$(mktemp -d)"
case "$model" in
  transformer) args=(--model transformer --schedule inverse-sqrt --warmup 1000) ;;
  luong|none) args=(--model seq2seq --set "attention=$model") ;;
  *) echo "translation-side-by-side.sh: model must be transformer, luong or none, got '$model'" >&2; exit 2 ;;
esac
"$root/dendrite" train "${args[@]}" --data "pairs:$pairs" --epochs "$epochs" --batch-size 64 --lr 1e-3 \
  --out "$work/dendrite" --json > "$work/dendrite.json"
dendrite_bleu="$(tail -1 "$work/dendrite/metrics.csv" | awk -F, -v col="$(head -1 "$work/dendrite/metrics.csv" | tr ',' '\n' | grep -n '^val_bleu$' | cut -d: -f1)" '{print $col}')"
mkdir -p "$work/torch"
LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/translation_torch.py" \
  "$pairs" "$work/torch" --model "$model" --epochs "$epochs" 2>/dev/null
torch_bleu="$("$root/dendrite" bleu --hypotheses "$work/torch/hypotheses.txt" --references "$work/torch/references.txt" --json \
  | sed 's/.*"bleu":\([0-9.]*\).*/\1/')"
printf '| %s | %s epochs | Dendrite BLEU %.2f | PyTorch BLEU %.2f |\n' "$model" "$epochs" "$dendrite_bleu" "$torch_bleu"
echo "runs in $work" >&2

#!/usr/bin/env bash
# word2vec side by side with gensim 4 (Debian's python3-gensim) on the same corpus and settings: the defaults
# (skip-gram, 100 dims, window 5, 5 negatives, min count 5, sample 1e-3, 5 epochs), 2 workers each, one after the
# other. Prints each one's training time and words/s, analogy accuracy on questions-words.txt (gensim's rules,
# restricted to the 30,000 most frequent words) and WordSim-353 Spearman, all scored by gensim's own evaluation
# for gensim and by dendrite analogy / similarity for Dendrite (the two agree on the same vectors:
# word-eval-side-by-side.sh). Needs ../shared/data/words. Run from the repository root.
set -euo pipefail
words=../shared/data/words
out=${OUT:-/tmp/word2vec-side-by-side}
rm -rf "$out" && mkdir -p "$out"
/usr/bin/python3 dendrite-bench/scripts/word2vec_gensim.py "$words/corpus-en.txt.gz" "$words/questions-words.txt" \
  "$words/wordsim353.tsv" "$out/gensim.bin" 2>/dev/null
./dendrite train --model word2vec --data "text:$words/corpus-en.txt.gz" --epochs 5 --set workers=2 \
  --out "$out/dendrite" --json 2>/dev/null > "$out/dendrite.json"
/usr/bin/python3 - "$out/dendrite.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"dendrite: {d['seconds']:.1f} s in all, {d['words_per_second']:,.0f} corpus words/s while training")
PY
./dendrite analogy --vectors "$out/dendrite/vectors.bin" --questions "$words/questions-words.txt" --json 2>/dev/null \
  | grep -o '^{"accuracy":[^,]*\|"answered":[0-9]*,"skipped"' | tr '\n' ' '
echo
./dendrite similarity --vectors "$out/dendrite/vectors.bin" --pairs "$words/wordsim353.tsv" --json 2>/dev/null

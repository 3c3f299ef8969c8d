#!/usr/bin/env bash
# Checks Dendrite's word-vector evaluation against gensim's on the same vectors: gensim trains and scores them
# (word_eval_gensim.py), then `dendrite analogy` and `dendrite similarity` score the saved text and binary files.
# Needs Debian's python3-gensim and ../shared/data/words. Run from the repository root.
set -euo pipefail
/usr/bin/python3 dendrite-bench/scripts/word_eval_gensim.py 2>/dev/null
for f in /tmp/g.txt /tmp/g.bin; do
  echo "dendrite on $f:"
  ./dendrite analogy --vectors "$f" --questions ../shared/data/words/questions-words.txt --json 2>/dev/null \
    | grep -o '^{"accuracy":[^,]*'
  ./dendrite analogy --vectors "$f" --questions ../shared/data/words/questions-words.txt --json 2>/dev/null \
    | grep -o '"answered":[0-9]*,"skipped":[0-9]*'
  ./dendrite similarity --vectors "$f" --pairs ../shared/data/words/wordsim353.tsv --json 2>/dev/null
done

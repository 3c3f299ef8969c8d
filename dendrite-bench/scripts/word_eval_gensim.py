# Trains small word2vec vectors with gensim (Debian's python3-gensim) on the first 200,000 lines of the shared
# corpus, saves them in both word2vec formats (/tmp/g.txt, /tmp/g.bin) and prints gensim's own analogy and
# WordSim-353 scores, for comparison with `dendrite analogy` and `dendrite similarity` on the same files
# (word-eval-side-by-side.sh). Run with /usr/bin/python3.
import gzip, re, sys, time
from gensim.models import Word2Vec
tok = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
class Corpus:
    def __iter__(self):
        with gzip.open('/work/shared/data/words/corpus-en.txt.gz', 'rt', encoding='utf-8') as f:
            for i, line in enumerate(f):
                if i >= 200000: break
                yield tok.findall(line.lower().replace('<br />', ' '))
t = time.time()
m = Word2Vec(Corpus(), vector_size=50, window=5, min_count=5, sg=1, negative=5, epochs=2, workers=2, seed=1)
print('trained', round(time.time() - t, 1), 's, vocab', len(m.wv))
m.wv.save_word2vec_format('/tmp/g.txt', binary=False)
m.wv.save_word2vec_format('/tmp/g.bin', binary=True)
score, sections = m.wv.evaluate_word_analogies('/work/shared/data/words/questions-words.txt', restrict_vocab=30000)
answered = sum(len(s['correct']) + len(s['incorrect']) for s in sections if s['section'] == 'Total accuracy')
print('gensim analogy', score, 'answered', answered)
p, s, oov = m.wv.evaluate_word_pairs('/work/shared/data/words/wordsim353.tsv')
print('gensim spearman', s[0], 'oov%', oov)

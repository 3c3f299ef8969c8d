# Trains gensim's word2vec (Debian's python3-gensim) on a corpus with word2vec's defaults (skip-gram, 100 dims,
# window 5, 5 negatives, min count 5, sample 1e-3, 5 epochs, 2 workers), tokenised as Dendrite's word2vec reads
# it (lower-cased, HTML tags removed, words of letters and digits with inner apostrophes), and prints its
# training words/s, analogy accuracy and WordSim-353 Spearman as word2vec-side-by-side.sh compares them.
# Usage: /usr/bin/python3 word2vec_gensim.py CORPUS QUESTIONS PAIRS OUT_VECTORS
import gzip, re, sys, time
from gensim.models import Word2Vec

corpus, questions, pairs, out = sys.argv[1:5]
tag = re.compile(r"<[^<>]{0,200}>")
word = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


class Sentences:
    def __iter__(self):
        with gzip.open(corpus, 'rt', encoding='utf-8') as f:
            for line in f:
                words = word.findall(tag.sub(' ', line).lower())
                if words:
                    yield words


sentences = list(Sentences())
t = time.time()
m = Word2Vec(sentences, vector_size=100, window=5, min_count=5, sg=1, negative=5, sample=1e-3, epochs=5,
             workers=2, seed=1)
seconds = time.time() - t
total = sum(len(s) for s in sentences) * 5
print(f'gensim: {seconds:.1f} s, {total / seconds:,.0f} corpus words/s, vocabulary {len(m.wv)}')
m.wv.save_word2vec_format(out, binary=True)
score, sections = m.wv.evaluate_word_analogies(questions, restrict_vocab=30000)
answered = sum(len(s['correct']) + len(s['incorrect']) for s in sections if s['section'] == 'Total accuracy')
print(f'gensim: analogy {score:.4f} on {answered} answered')
p, s, oov = m.wv.evaluate_word_pairs(pairs)
print(f'gensim: wordsim spearman {s[0]:.4f}')

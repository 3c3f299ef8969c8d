// dendrite train --model tagger --data brown:FILE: a bidirectional LSTM part-of-speech tagger (models.SequenceTagger)
// on the Brown corpus with the universal tag set. 10% of the sentences (chosen with --seed) are held out; batches
// group sentences of similar length; the loss is the cross-entropy of the real positions. Reports token accuracy on
// the held-out sentences after every epoch and writes a checkpoint with the vocabularies and a metrics CSV;
// --resume continues from that checkpoint exactly as if the run had not stopped.
package dev.dendrite.cli;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.TaggedCorpus;
import dev.dendrite.data.UniversalTags;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.models.SequenceTagger;
import dev.dendrite.models.TaggerFeatures;
import dev.dendrite.nn.F;
import dev.dendrite.optim.GradClip;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

final class TaggerTraining {
    private static final double HELD_OUT = 0.1;
    private static final int MIN_WORD_COUNT = 2;
    private static final int WORD_DIM = 100;
    private static final int TRIGRAM_DIM = 50;

    private TaggerTraining() {}

    static int run(TrainCommand o) throws IOException {
        long start = System.nanoTime();
        if (!o.data.startsWith("brown:") || o.data.length() == 6) {
            throw new IllegalArgumentException("model tagger reads the tagged Brown corpus: use --data brown:FILE"
                    + " (FILE: brown-corpus-tagged.tar.gz), got '" + o.data + "'");
        }
        Path archive = Path.of(o.data.substring(6));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("Brown corpus archive " + archive + " does not exist (expected the"
                    + " tagged corpus as a .tar.gz, e.g. ../shared/data/pos/brown-corpus-tagged.tar.gz)");
        }
        List<TaggedCorpus.Sentence> all = new ArrayList<>(TaggedCorpus.readBrown(archive));
        Collections.shuffle(all, new Random(o.seed));
        int split = (int) Math.round(all.size() * (1 - HELD_OUT));
        List<TaggedCorpus.Sentence> train = all.subList(0, split);
        List<TaggedCorpus.Sentence> test = all.subList(split, all.size());
        TaggerFeatures features = TaggerFeatures.fit(train.stream().map(TaggedCorpus.Sentence::words).toList(),
                MIN_WORD_COUNT);
        int hidden = o.hidden == null ? 128 : Integer.parseInt(o.hidden.trim());
        SequenceTagger.Config config = new SequenceTagger.Config(features.words(), features.trigrams(),
                UniversalTags.TAGS.size(), WORD_DIM, TRIGRAM_DIM, hidden, o.dropout);
        Generator gen = new Generator(o.seed);
        SequenceTagger model = new SequenceTagger(config, gen);
        Optimizer opt = OptimizerSpec.create(o.optimizer, model.parameters(), o.lr);
        double clip = o.clipNorm(TrainCommand.SEQUENCE_CLIP_NORM);
        Path dir = o.outputDirectory();
        Path checkpoint = dir.resolve("checkpoint.safetensors");
        Path csv = dir.resolve("metrics.csv");
        int firstEpoch = 0;
        if (o.resume && Files.exists(checkpoint)) {
            // The vocabularies are fitted again from the same seeded split, so they match the checkpoint's.
            firstEpoch = (int) Checkpoint.load(checkpoint, model, opt, gen).epoch() + 1;
        } else {
            Files.writeString(csv, "epoch,train_loss,test_accuracy,seconds,tokens_per_second\n");
        }
        Map<String, String> meta = metadata(config, features, o);
        // Encoded once: the held-out batches are the same at every epoch.
        List<TaggerFeatures.Batch> testBatches = batches(test, o.batchSize, null).stream()
                .map(b -> encode(features, b)).toList();
        Random order = new Random(o.seed + 1);
        for (int epoch = 0; epoch < firstEpoch; epoch++) {
            batches(train, o.batchSize, order); // the batch orders of the epochs already done
        }
        double accuracy = Double.NaN;
        double trainLoss = Double.NaN;
        for (int epoch = firstEpoch; epoch < o.epochs; epoch++) {
            long epochStart = System.nanoTime();
            model.train();
            List<List<TaggedCorpus.Sentence>> batches = batches(train, o.batchSize, order);
            ProgressBar bar = new ProgressBar(System.err, String.format("epoch %d/%d", epoch + 1, o.epochs), "tokens");
            double lossSum = 0;
            long tokens = 0;
            for (int i = 0; i < batches.size(); i++) {
                TaggerFeatures.Batch batch = encode(features, batches.get(i));
                Tensor loss = F.maskedCrossEntropy(model.forward(batch), batch.tags(), batch.lengths());
                opt.zeroGrad();
                loss.backward();
                if (clip > 0) {
                    GradClip.clipGradNorm(model.parameters(), clip);
                }
                opt.step();
                int n = java.util.Arrays.stream(batch.lengths()).sum();
                lossSum += loss.item() * n;
                tokens += n;
                bar.update(i + 1, batches.size(), lossSum / tokens, Double.NaN, tokens);
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            trainLoss = lossSum / tokens;
            accuracy = accuracy(model, testBatches);
            Files.writeString(csv, String.format("%d,%.6f,%.6f,%.3f,%.1f%n", epoch + 1, trainLoss, accuracy, seconds,
                    tokens / seconds), StandardOpenOption.APPEND);
            Checkpoint.save(checkpoint, model, opt, gen, new Checkpoint.Position(epoch, opt.steps()), meta);
            if (!o.json) {
                System.out.printf("epoch %d: train loss %.4f | held-out token accuracy %.2f%% | %.1f s, %,.0f tokens/s%n",
                        epoch + 1, trainLoss, 100 * accuracy, seconds, tokens / seconds);
            }
        }
        if (Double.isNaN(accuracy)) {
            accuracy = accuracy(model, testBatches); // a resumed run with no epoch left: report the checkpoint
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        if (o.json) {
            System.out.println(new JsonObject().put("model", "tagger").put("data", o.data).put("train_loss", trainLoss)
                    .put("test_accuracy", accuracy).put("test_sentences", test.size()).put("seconds", totalSeconds)
                    .put("parameters", model.parameterCount()).put("checkpoint", checkpoint.toString()));
        } else {
            System.out.printf("held-out token accuracy %.2f%% on %d sentences (universal tags); %.1f s in all;"
                    + " checkpoint %s, metrics %s%n", 100 * accuracy, test.size(), totalSeconds, checkpoint, csv);
        }
        return 0;
    }

    /**
     * Batches of sentences of similar length (less padding): sorted by length, cut into batches, and with
     * {@code order} the batch order shuffled.
     */
    static List<List<TaggedCorpus.Sentence>> batches(List<TaggedCorpus.Sentence> sentences, int size, Random order) {
        List<TaggedCorpus.Sentence> sorted = new ArrayList<>(sentences);
        sorted.sort(Comparator.comparingInt(s -> s.words().size()));
        List<List<TaggedCorpus.Sentence>> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += size) {
            out.add(sorted.subList(i, Math.min(sorted.size(), i + size)));
        }
        if (order != null) {
            Collections.shuffle(out, order);
        }
        return out;
    }

    static TaggerFeatures.Batch encode(TaggerFeatures features, List<TaggedCorpus.Sentence> batch) {
        List<int[]> tags = batch.stream().map(s -> s.tags().stream().mapToInt(UniversalTags.TAGS::indexOf).toArray())
                .toList();
        return features.encode(batch.stream().map(TaggedCorpus.Sentence::words).toList(), tags);
    }

    /** The fraction of real positions whose highest-scoring tag is the right one. */
    static double accuracy(SequenceTagger model, List<TaggerFeatures.Batch> batches) {
        model.eval();
        long right = 0;
        long total = 0;
        try (var _ = Grad.disabled()) {
            for (TaggerFeatures.Batch batch : batches) {
                long[] predicted = model.forward(batch).argmax(2, false).toLongArray();
                long[] truth = batch.tags().toLongArray();
                for (int i = 0; i < truth.length; i++) {
                    if (truth[i] >= 0) {
                        total++;
                        right += predicted[i] == truth[i] ? 1 : 0;
                    }
                }
            }
        }
        return (double) right / total;
    }

    private static Map<String, String> metadata(SequenceTagger.Config c, TaggerFeatures features, TrainCommand o) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "tagger");
        meta.put("data", o.data);
        meta.put("tags", String.join(" ", UniversalTags.TAGS));
        meta.put("hidden", Integer.toString(c.hidden()));
        meta.put("word_dim", Integer.toString(c.wordDim()));
        meta.put("trigram_dim", Integer.toString(c.trigramDim()));
        meta.put("dropout", Double.toString(c.dropout()));
        meta.put("seed", Long.toString(o.seed));
        meta.putAll(features.save());
        return meta;
    }

    /** The tagger a checkpoint describes, with its features, loaded and in evaluation mode. */
    record Saved(SequenceTagger model, TaggerFeatures features) {
        static Saved load(Path checkpoint) throws IOException {
            CheckpointMetadata meta = CheckpointMetadata.read(checkpoint, "tagger", "tagger",
                    "train one with --model tagger --data brown:FILE");
            TaggerFeatures features = TaggerFeatures.of(List.of(meta.get("words").split("\n")),
                    List.of(meta.get("trigrams").split("\n")));
            SequenceTagger model = new SequenceTagger(new SequenceTagger.Config(features.words(), features.trigrams(),
                    UniversalTags.TAGS.size(), meta.getInt("word_dim"), meta.getInt("trigram_dim"), meta.getInt("hidden"),
                    meta.getDouble("dropout")), new Generator(0));
            Checkpoint.load(checkpoint, model, null, null);
            model.eval();
            return new Saved(model, features);
        }

        /** The universal tag of every token. */
        List<String> tag(List<String> tokens) {
            try (var _ = Grad.disabled()) {
                long[] ids = model.forward(features.encode(List.of(tokens), null)).argmax(2, false).toLongArray();
                return java.util.Arrays.stream(ids).mapToObj(i -> UniversalTags.TAGS.get((int) i)).toList();
            }
        }
    }
}

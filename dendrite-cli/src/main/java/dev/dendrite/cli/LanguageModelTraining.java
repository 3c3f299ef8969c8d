// dendrite train --model char-lstm --data text:FILE: a character-level LSTM language model trained with truncated
// backpropagation through time (the text read as --batch-size parallel streams, --seq-len steps per window, the
// state carried and detached between windows), gradient clipping on by default (norm 5), the last 10% of the
// text held out. Reports validation loss in nats per character and perplexity after every epoch (and when the
// --minutes budget runs out), and writes a checkpoint (with the vocabulary) after every epoch, best.safetensors
// when the validation loss improves, and a metrics CSV.
package dev.dendrite.cli;

import dev.dendrite.autograd.Grad;
import dev.dendrite.data.Batch;
import dev.dendrite.data.CharVocabulary;
import dev.dendrite.data.TextStream;
import dev.dendrite.io.Checkpoint;
import dev.dendrite.models.CharLstm;
import dev.dendrite.nn.F;
import dev.dendrite.optim.GradClip;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class LanguageModelTraining {
    private static final double HELD_OUT = 0.1;

    private LanguageModelTraining() {}

    /** The text of a text:FILE data spec. */
    static String readText(String data) throws IOException {
        if (!data.startsWith("text:") || data.length() == 5) {
            throw new IllegalArgumentException("model char-lstm reads a text file: use --data text:FILE, got '" + data + "'");
        }
        Path file = Path.of(data.substring(5));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("text file " + file + " does not exist");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static int run(TrainCommand o) throws IOException {
        long start = System.nanoTime();
        String text = readText(o.data);
        CharVocabulary vocab = CharVocabulary.of(text);
        long[] ids = vocab.encode(text);
        int split = (int) Math.round(ids.length * (1 - HELD_OUT));
        TextStream train = new TextStream(Arrays.copyOfRange(ids, 0, split), o.batchSize, o.seqLen);
        TextStream val = new TextStream(Arrays.copyOfRange(ids, split, ids.length),
                Math.max(1, Math.min(o.batchSize, (ids.length - split) / (2 * o.seqLen))), o.seqLen);
        int hidden = o.hidden == null ? 512 : Integer.parseInt(o.hidden.trim());
        CharLstm.Config config = new CharLstm.Config(vocab.size(), o.embedding, hidden, o.layers, o.dropout);
        Generator gen = new Generator(o.seed);
        CharLstm model = new CharLstm(config, gen);
        Optimizer opt = OptimizerSpec.create(o.optimizer, model.parameters(), o.lr);
        double clip = o.clipNorm(TrainCommand.SEQUENCE_CLIP_NORM);
        Path dir = o.outputDirectory();
        Path checkpoint = dir.resolve("checkpoint.safetensors");
        Path best = dir.resolve("best.safetensors");
        Path csv = dir.resolve("metrics.csv");
        int firstEpoch = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        if (o.resume && Files.exists(checkpoint)) {
            firstEpoch = (int) Checkpoint.load(checkpoint, model, opt, gen).epoch() + 1;
            List<String> rows = Files.readAllLines(csv);
            for (String line : rows.subList(Math.min(1, rows.size()), rows.size())) { // after the header
                String[] fields = line.split(",");
                double loss = Double.parseDouble(fields[2]);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestEpoch = Integer.parseInt(fields[0]);
                }
            }
        } else {
            Files.writeString(csv, "epoch,train_loss,val_loss,val_perplexity,seconds,tokens_per_second,lr\n");
        }
        Map<String, String> meta = metadata(config, vocab, o);
        long budget = o.minutes > 0 ? (long) (o.minutes * 60e9) : Long.MAX_VALUE;
        double valLoss = Double.NaN;
        double trainLoss = Double.NaN;
        long tokens = 0;
        double trainSeconds = 0;
        boolean outOfTime = false;
        for (int epoch = firstEpoch; epoch < o.epochs && !outOfTime; epoch++) {
            long epochStart = System.nanoTime();
            ProgressBar bar = new ProgressBar(System.err, String.format("epoch %d/%d", epoch + 1, o.epochs), "chars");
            model.train();
            CharLstm.State state = null;
            double lossSum = 0;
            long epochTokens = 0;
            int windows = train.windows();
            for (int w = 0; w < windows; w++) {
                long elapsed = System.nanoTime() - start;
                if (elapsed > budget) {
                    outOfTime = true;
                    break;
                }
                opt.setLr(learningRate(o, epoch + (double) w / windows, (double) elapsed / budget));
                Batch batch = train.get(w);
                CharLstm.Output out = model.forward(batch.inputs(), state);
                Tensor loss = F.crossEntropy(out.logits().reshape(-1, vocab.size()), batch.targets().reshape(-1));
                opt.zeroGrad();
                loss.backward();
                if (clip > 0) {
                    GradClip.clipGradNorm(model.parameters(), clip);
                }
                opt.step();
                state = out.state().detach();
                int n = batch.inputs().numel();
                lossSum += loss.item() * n;
                epochTokens += n;
                bar.update(w + 1, windows, lossSum / epochTokens, Double.NaN, epochTokens);
            }
            if (epochTokens == 0) {
                break;
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            trainSeconds += seconds;
            tokens += epochTokens;
            trainLoss = lossSum / epochTokens;
            valLoss = evaluate(model, val, vocab.size());
            Files.writeString(csv, String.format("%d,%.6f,%.6f,%.4f,%.3f,%.1f,%.6g%n", epoch + 1, trainLoss, valLoss,
                    Math.exp(valLoss), seconds, epochTokens / seconds, opt.lr()), StandardOpenOption.APPEND);
            Checkpoint.save(checkpoint, model, opt, gen, new Checkpoint.Position(epoch, opt.steps()), meta);
            if (valLoss < bestLoss) {
                // The weights of the best held-out loss so far: a long run can overfit after it.
                bestLoss = valLoss;
                bestEpoch = epoch + 1;
                Checkpoint.save(best, model, opt, gen, new Checkpoint.Position(epoch, opt.steps()), meta);
            }
            if (!o.json) {
                System.out.printf("epoch %d: train loss %.4f | validation loss %.4f nats/char, perplexity %.2f | %.1f s,"
                        + " %,.0f chars/s%s%n", epoch + 1, trainLoss, valLoss, Math.exp(valLoss), seconds,
                        epochTokens / seconds, outOfTime ? " (time budget reached mid-epoch)" : "");
            }
        }
        if (Double.isNaN(valLoss)) {
            valLoss = evaluate(model, val, vocab.size()); // a resumed run with no epoch left: report the checkpoint
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        if (o.json) {
            System.out.println(new JsonObject().put("model", "char-lstm").put("data", o.data).put("train_loss", trainLoss)
                    .put("val_loss", valLoss).put("val_perplexity", Math.exp(valLoss)).put("seconds", totalSeconds)
                    .put("tokens_per_second", tokens / trainSeconds).put("parameters", model.parameterCount())
                    .put("vocabulary", vocab.size()).put("checkpoint", checkpoint.toString())
                    .put("best_val_loss", bestLoss).put("best_epoch", bestEpoch).put("best_checkpoint", best.toString())
                    .put("metrics_csv", csv.toString()));
        } else {
            System.out.printf("validation loss %.4f nats/char (perplexity %.2f) on the last %.0f%% of the text;"
                    + " %.1f s in all; checkpoint %s, metrics %s%n", valLoss, Math.exp(valLoss), 100 * HELD_OUT,
                    totalSeconds, checkpoint, csv);
            System.out.printf("best validation loss %.4f nats/char (perplexity %.2f) after epoch %d: %s%n", bestLoss,
                    Math.exp(bestLoss), bestEpoch, best);
        }
        return 0;
    }

    /** --lr, or with --schedule cosine its cosine decay to 0 over the time budget (if any) or the epochs. */
    private static double learningRate(TrainCommand o, double epochs, double budgetFraction) {
        return switch (o.schedule) {
            case "none" -> o.lr;
            case "cosine" -> {
                double f = o.minutes > 0 ? budgetFraction : epochs / o.epochs;
                yield o.lr * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, f)));
            }
            default -> throw new IllegalArgumentException("model char-lstm supports --schedule none or cosine, got '"
                    + o.schedule + "'");
        };
    }

    /** Mean cross-entropy per character (nats) over the stream, state carried, no dropout, no graph. */
    static double evaluate(CharLstm model, TextStream stream, int vocabulary) {
        model.eval();
        double sum = 0;
        long count = 0;
        try (var _ = Grad.disabled()) {
            CharLstm.State state = null;
            for (int w = 0; w < stream.windows(); w++) {
                Batch batch = stream.get(w);
                CharLstm.Output out = model.forward(batch.inputs(), state);
                int n = batch.inputs().numel();
                sum += F.crossEntropy(out.logits().reshape(-1, vocabulary), batch.targets().reshape(-1)).item() * n;
                count += n;
                state = out.state();
            }
        }
        return sum / count;
    }

    private static Map<String, String> metadata(CharLstm.Config c, CharVocabulary vocab, TrainCommand o) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "char-lstm");
        meta.put("data", o.data);
        meta.put("vocabulary", vocab.symbols());
        meta.put("embedding", Integer.toString(c.embedding()));
        meta.put("hidden", Integer.toString(c.hidden()));
        meta.put("layers", Integer.toString(c.layers()));
        meta.put("dropout", Double.toString(c.dropout()));
        meta.put("seed", Long.toString(o.seed));
        return meta;
    }

    /** The model a char-lstm checkpoint describes, with its vocabulary, loaded and in evaluation mode. */
    record Saved(CharLstm model, CharVocabulary vocabulary) {
        static Saved load(Path checkpoint) throws IOException {
            CheckpointMetadata meta = CheckpointMetadata.read(checkpoint, "char-lstm", "char-lstm model",
                    "train one with --model char-lstm --data text:FILE");
            CharVocabulary vocab = CharVocabulary.fromSymbols(meta.get("vocabulary"));
            CharLstm model = new CharLstm(new CharLstm.Config(vocab.size(), meta.getInt("embedding"),
                    meta.getInt("hidden"), meta.getInt("layers"), meta.getDouble("dropout")), new Generator(0));
            Checkpoint.load(checkpoint, model, null, null);
            model.eval();
            return new Saved(model, vocab);
        }
    }
}

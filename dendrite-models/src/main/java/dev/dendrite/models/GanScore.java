package dev.dendrite.models;

import dev.dendrite.models.registry.ImageGenerator;
import dev.dendrite.nn.Layer;
import dev.dendrite.nn.Sequential;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.List;

/**
 * How good a generator's images are, judged by a classifier trained on the real images (a LeNet on MNIST standing
 * in for the Inception network): the Inception Score exp(E_x KL(p(y|x) || p(y))) (Salimans et al. 2016; the mean
 * over 10 splits, as published), the Fréchet distance between Gaussians fitted to the classifier's penultimate
 * features of generated and real test images (Heusel et al. 2017: |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))),
 * each class's share of the predicted labels (mode coverage), and for a conditional generator the share of its
 * images classified as the class asked for. The same scores of real images are the ceiling and the floor.
 */
public final class GanScore {
    private GanScore() {}

    /** The scores; conditionalAccuracy is NaN for an unconditional generator. */
    public record Result(double inceptionScore, double inceptionScoreReal, double frechetDistance,
                         double frechetDistanceReal, double[] classShares, double conditionalAccuracy) {}

    /** The classifier's penultimate features and class probabilities of a set of images. */
    private record Judged(double[][] features, double[][] probabilities) {}

    private static final int BATCH = 500;

    /**
     * Scores {@code count} images of {@code generator} (noise seeded by {@code seed}; for a conditional one the
     * classes in turn) with {@code classifier} against the real {@code test} images; the real-against-real distance
     * compares up to {@code count} {@code train} images with {@code test}.
     */
    public static Result score(ImageGenerator generator, Sequential classifier, Tensor train, Tensor test, int count,
                               long seed) {
        Generator g = new Generator(seed);
        int classes = generator.classes();
        Tensor[] parts = new Tensor[(count + BATCH - 1) / BATCH];
        long[] asked = new long[count];
        for (int from = 0, k = 0; from < count; from += BATCH, k++) {
            int n = Math.min(BATCH, count - from);
            Tensor labels = null;
            if (classes > 0) {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) l[i] = asked[from + i] = (from + i) % classes;
                labels = Tensor.fromArray(l, n);
            }
            parts[k] = generator.generate(Tensor.randn(g, n, generator.noiseSize()), labels);
        }
        Tensor samples = Tensor.cat(List.of(parts), 0);
        int[] drawn = samples.dims();
        int[] real = test.dims();
        if (!java.util.Arrays.equals(drawn, 1, drawn.length, real, 1, real.length)) {
            throw new ShapeException("gan-score: the generator draws " + samples.shape() + " but the real images are "
                    + test.shape() + "; score it with a classifier trained on the generator's data");
        }
        Judged fake = judge(classifier, samples);
        Judged onTest = judge(classifier, test);
        Judged realTrain = judge(classifier, train.narrow(0, 0, Math.min(count, train.size(0))));
        double[] shares = new double[fake.probabilities()[0].length];
        long right = 0;
        for (int i = 0; i < count; i++) {
            int predicted = argmax(fake.probabilities()[i]);
            shares[predicted] += 1.0 / count;
            if (classes > 0 && predicted == asked[i]) right++;
        }
        return new Result(inceptionScore(fake.probabilities(), 10), inceptionScore(onTest.probabilities(), 10),
                frechetDistance(fake.features(), onTest.features()),
                frechetDistance(realTrain.features(), onTest.features()),
                shares, classes > 0 ? right / (double) count : Double.NaN);
    }

    private static Judged judge(Sequential classifier, Tensor images) {
        int n = images.size(0);
        double[][] features = new double[n][];
        double[][] probabilities = new double[n][];
        try (var _ = classifier.evaluating()) {
            for (int from = 0; from < n; from += BATCH) {
                int m = Math.min(BATCH, n - from);
                Tensor[] out = penultimate(classifier, images.narrow(0, from, m));
                double[] f = out[0].reshape(m, -1).toDoubleArray();
                double[] p = out[1].softmax(1).toDoubleArray();
                int fd = f.length / m;
                int pd = p.length / m;
                for (int i = 0; i < m; i++) {
                    features[from + i] = java.util.Arrays.copyOfRange(f, i * fd, (i + 1) * fd);
                    probabilities[from + i] = java.util.Arrays.copyOfRange(p, i * pd, (i + 1) * pd);
                }
            }
        }
        return new Judged(features, probabilities);
    }

    /** The input of the network's last layer (descending into nested Sequentials) and the network's output. */
    private static Tensor[] penultimate(Sequential net, Tensor x) {
        List<Layer> layers = net.layers();
        for (int i = 0; i < layers.size() - 1; i++) x = layers.get(i).forward(x);
        Layer last = layers.getLast();
        if (last instanceof Sequential inner) {
            return penultimate(inner, x);
        }
        return new Tensor[] {x, last.forward(x)};
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) best = v[i] > v[best] ? i : best;
        return best;
    }

    /** The mean over {@code splits} equal parts of exp(mean KL(p(y|x) || p(y))), p(y) each part's mean. */
    static double inceptionScore(double[][] p, int splits) {
        int n = p.length;
        int parts = Math.max(1, Math.min(splits, n));
        double sum = 0;
        for (int s = 0; s < parts; s++) {
            int from = n * s / parts;
            int to = n * (s + 1) / parts;
            double[] marginal = new double[p[0].length];
            for (int i = from; i < to; i++) {
                for (int c = 0; c < marginal.length; c++) marginal[c] += p[i][c] / (to - from);
            }
            double kl = 0;
            for (int i = from; i < to; i++) {
                for (int c = 0; c < marginal.length; c++) {
                    if (p[i][c] > 0) kl += p[i][c] * (Math.log(p[i][c]) - Math.log(marginal[c]));
                }
            }
            sum += Math.exp(kl / (to - from));
        }
        return sum / parts;
    }

    /** The Fréchet distance between Gaussians fitted to the rows of {@code a} and of {@code b}. */
    static double frechetDistance(double[][] a, double[][] b) {
        double[] ma = mean(a);
        double[] mb = mean(b);
        double[][] sa = covariance(a, ma);
        double[][] sb = covariance(b, mb);
        int d = ma.length;
        if (cholesky(sa) == null) {
            // a dead feature (zero variance) makes S_a singular: offset both diagonals by 1e-6, as pytorch-fid does
            for (int i = 0; i < d; i++) {
                sa[i][i] += 1e-6;
                sb[i][i] += 1e-6;
            }
        }
        double distance = 0;
        for (int i = 0; i < d; i++) distance += (ma[i] - mb[i]) * (ma[i] - mb[i]) + sa[i][i] + sb[i][i];
        // Tr (Sa Sb)^(1/2) = the sum of the square roots of the eigenvalues of L^T Sb L, Sa = L L^T (similar matrices)
        double[][] l = cholesky(sa);
        double[][] sbl = multiply(sb, l, false);
        double[][] inner = multiply(l, sbl, true);
        for (double lambda : SymmetricEigen.values(inner)) distance -= 2 * Math.sqrt(Math.max(0, lambda));
        return distance;
    }

    /** a b, or a^T b when {@code transposeA}, for square matrices. */
    private static double[][] multiply(double[][] a, double[][] b, boolean transposeA) {
        int d = a.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double aik = transposeA ? a[k][i] : a[i][k];
                if (aik == 0) continue;
                for (int j = 0; j < d; j++) out[i][j] += aik * b[k][j];
            }
        }
        return out;
    }

    private static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] row : x) {
            for (int j = 0; j < m.length; j++) m[j] += row[j] / x.length;
        }
        return m;
    }

    /** The unbiased covariance (n - 1), as numpy.cov. */
    private static double[][] covariance(double[][] x, double[] mean) {
        int d = mean.length;
        double[][] s = new double[d][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                double di = row[i] - mean[i];
                for (int j = i; j < d; j++) s[i][j] += di * (row[j] - mean[j]);
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) s[j][i] = s[i][j] = s[i][j] / Math.max(1, x.length - 1);
        }
        return s;
    }

    /** L with L L^T = s, or null when s is not positive definite. */
    private static double[][] cholesky(double[][] s) {
        int d = s.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double v = s[i][j];
                for (int k = 0; k < j; k++) v -= l[i][k] * l[j][k];
                if (i == j && !(v > 1e-12 * Math.abs(s[i][i]) && v > 0)) {
                    return null;
                }
                l[i][j] = i == j ? Math.sqrt(v) : v / l[j][j];
            }
        }
        return l;
    }
}

// The GAN scores on cases with known answers: the Inception Score of confident, evenly spread predictions is the
// number of classes and of uniform ones 1; the Fréchet distance of a set to itself is 0, to a shifted copy the
// squared shift, to a doubled copy tr(S) + |mu|^2; Jacobi's eigenvalues keep the trace and the Frobenius norm.
package dev.dendrite.models;

import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GanScoreTest {
    @Test
    void inceptionScoreSpansOneToTheNumberOfClasses() {
        double[][] confident = new double[1000][10];
        double[][] uniform = new double[1000][10];
        for (int i = 0; i < 1000; i++) {
            confident[i][i % 10] = 1;
            java.util.Arrays.fill(uniform[i], 0.1);
        }
        assertEquals(10, GanScore.inceptionScore(confident, 10), 1e-9);
        assertEquals(1, GanScore.inceptionScore(uniform, 10), 1e-9);
    }

    @Test
    void frechetDistanceOfKnownGaussians() {
        Generator g = new Generator(4);
        int n = 400;
        int d = 6;
        double[][] a = new double[n][d];
        double[][] shifted = new double[n][d];
        double[][] doubled = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = g.nextGaussian() * (1 + j) + 0.5 * j;
                shifted[i][j] = a[i][j] + 3;
                doubled[i][j] = 2 * a[i][j];
            }
        }
        assertEquals(0, GanScore.frechetDistance(a, a), 1e-8);
        assertEquals(9.0 * d, GanScore.frechetDistance(a, shifted), 1e-8);
        // S_b = 4 S_a, so Tr(S_a + S_b - 2 (S_a S_b)^(1/2)) = Tr(S_a), and |mu_a - 2 mu_a|^2 = |mu_a|^2
        double expected = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : a) mean += row[j] / n;
            double var = 0;
            for (double[] row : a) var += (row[j] - mean) * (row[j] - mean) / (n - 1);
            expected += var + mean * mean;
        }
        assertEquals(expected, GanScore.frechetDistance(a, doubled), 1e-8 * expected);
    }

    @Test
    void jacobiEigenvaluesKeepTraceAndNorm() {
        double[] two = SymmetricEigen.values(new double[][] {{2, 1}, {1, 2}});
        java.util.Arrays.sort(two);
        assertEquals(1, two[0], 1e-12);
        assertEquals(3, two[1], 1e-12);
        Generator g = new Generator(9);
        int n = 20;
        double[][] m = new double[n][n];
        double trace = 0;
        double frobenius = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = m[j][i] = g.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            trace += m[i][i];
            for (int j = 0; j < n; j++) frobenius += m[i][j] * m[i][j];
        }
        double sum = 0;
        double squares = 0;
        for (double v : SymmetricEigen.values(m)) {
            sum += v;
            squares += v * v;
        }
        assertEquals(trace, sum, 1e-9);
        assertEquals(frobenius, squares, 1e-9);
    }
}

package dev.dendrite.kernels;

/**
 * The elementwise two-operand functions that have a kernel. Comparisons produce 1 or 0. RELU_GRAD(g, x) is ReLU's
 * backward in one pass: g where x &gt; 0, else 0.
 */
public enum BinaryKind {
    ADD, SUB, MUL, DIV, POW, MIN, MAX, EQ, NE, LT, LE, GT, GE, RELU_GRAD
}

// The elementwise two-operand functions that have a kernel. Comparisons produce 1 or 0.
package dev.dendrite.kernels;

public enum BinaryKind {
    ADD, SUB, MUL, DIV, POW, MIN, MAX, EQ, NE, LT, LE, GT, GE
}

// Reductions that have a kernel. ARGMAX/ARGMIN give the first index of the extreme value along the axis.
package dev.dendrite.kernels;

public enum ReduceKind {
    SUM, MAX, MIN, ARGMAX, ARGMIN
}

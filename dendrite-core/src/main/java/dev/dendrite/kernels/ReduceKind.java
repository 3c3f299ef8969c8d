package dev.dendrite.kernels;

/**
 * Reductions that have a kernel. ARGMAX/ARGMIN give the first index of the extreme value along the axis.
 */
public enum ReduceKind {
    SUM, MAX, MIN, ARGMAX, ARGMIN
}

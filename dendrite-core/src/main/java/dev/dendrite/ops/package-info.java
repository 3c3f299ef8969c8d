/**
 * The differentiable operations, one class per family (arithmetic, reductions, views, indexing, matmul,
 * convolution, pooling, recurrent layers): each checks its inputs, allocates, runs a forward kernel and records its
 * backward next to it.
 */
package dev.dendrite.ops;

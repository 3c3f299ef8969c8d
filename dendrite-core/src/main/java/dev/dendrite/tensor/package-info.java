/**
 * Tensors: {@link dev.dendrite.tensor.Tensor} (a strided view onto typed storage with a fluent API over the ops),
 * {@link dev.dendrite.tensor.Shape}, dtypes, the seeded {@link dev.dendrite.tensor.Generator} every random choice
 * draws from, and the typed errors whose messages name the op, the shapes and a hint.
 */
package dev.dendrite.tensor;

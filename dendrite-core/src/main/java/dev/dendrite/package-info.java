/**
 * Dendrite, deep learning in pure Java: {@link dev.dendrite.Dendrite} holds the process-wide settings (the kernels'
 * threads). The library is layered: tensor, autograd and ops at the bottom (tensors and their differentiable
 * operations, run by the raw kernels), nn, optim and io above them (modules, optimizers, files), then data and
 * train (datasets and the one training loop); the models module builds on all of them.
 */
package dev.dendrite;

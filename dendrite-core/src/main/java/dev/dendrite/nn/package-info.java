/**
 * Modules (state) and {@link dev.dendrite.nn.F} (the functional math): layers, activations, recurrent layers with
 * PyTorch's equations and parameter names, losses. A module's parameters are named by the module tree, which is
 * also their checkpoint key.
 */
package dev.dendrite.nn;

/**
 * Reverse-mode automatic differentiation, define by run: each op records a node with its gradient rule; {@code
 * backward()} walks the graph once, sums broadcast gradients to their inputs' shapes, and accumulates into leaves
 * (safely under concurrent backward passes). {@link dev.dendrite.autograd.Grad} scopes turn recording off; {@link
 * dev.dendrite.autograd.GradCheck} checks a gradient rule against central differences.
 */
package dev.dendrite.autograd;

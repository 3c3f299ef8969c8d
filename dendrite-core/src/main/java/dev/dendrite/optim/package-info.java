/**
 * Optimizers with PyTorch's update rules and defaults (options records), parameter groups, learning-rate schedules
 * and gradient clipping.
 */
package dev.dendrite.optim;

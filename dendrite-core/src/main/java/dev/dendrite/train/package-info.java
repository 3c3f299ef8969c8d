/**
 * The one training loop ({@link dev.dendrite.train.TrainingLoop}) and what a model kind brings to it ({@link
 * dev.dendrite.train.Task}); metrics, callbacks, early stopping, and a run's files on disk ({@link
 * dev.dendrite.train.RunDirectory}).
 */
package dev.dendrite.train;

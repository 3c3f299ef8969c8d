// Loss and accuracy of a model over a whole dataset.
package dev.dendrite.train;

public record Evaluation(double loss, double accuracy, double topKAccuracy, int samples) {}

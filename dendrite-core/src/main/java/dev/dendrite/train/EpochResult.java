// What one epoch of training produced: training loss and accuracy (averaged over the epoch's batches as seen
// during training), validation loss and top-1/top-k accuracy, throughput and the learning rate used.
package dev.dendrite.train;

public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                          double valTopKAccuracy, double seconds, double samplesPerSecond, double lr) {}

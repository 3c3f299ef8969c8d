/**
 * The model zoo (LeNet-5, AlexNet, the character LSTM, the tagger) and the registry of model kinds the command line
 * trains by name ({@link dev.dendrite.models.ModelKinds}).
 */
package dev.dendrite.models;

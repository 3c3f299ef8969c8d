/**
 * Federated learning (McMahan et al. 2017): the model travels to the clients' data and only updates come back.
 * {@link dev.dendrite.federated.FedAvg} averages clients' state dicts weighted by their sample counts;
 * {@link dev.dendrite.federated.Shamir} splits a secret into n shares of which any t recover it and fewer reveal
 * nothing, what secure aggregation (Bonawitz et al. 2017) uses to survive clients that drop out.
 */
package dev.dendrite.federated;

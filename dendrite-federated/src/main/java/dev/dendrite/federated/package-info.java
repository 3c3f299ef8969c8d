/**
 * Federated learning (McMahan et al. 2017): the model travels to the clients' data and only updates come back,
 * summed so that the server learns nothing but the sum.
 *
 * <p>How the pieces fit: {@link dev.dendrite.federated.FederatedData} reads a data set and
 * {@link dev.dendrite.federated.ClientSplit} deals it to clients; {@link dev.dendrite.federated.FederatedModel}
 * does each side's arithmetic (a client's local training through the one training loop, in
 * {@link dev.dendrite.federated.LocalTask}; the server's weighted update and evaluation).
 * {@link dev.dendrite.federated.FederatedSimulation} runs the rounds in one process;
 * {@link dev.dendrite.federated.FederatedServer} and {@link dev.dendrite.federated.FederatedClient} run them over
 * HTTPS with {@link dev.dendrite.federated.WireMessage}s and a {@link dev.dendrite.federated.ServerIdentity}.
 *
 * <p>Secure aggregation by pairwise masking (Bonawitz et al., CCS 2017):
 * {@link dev.dendrite.federated.MaskingClient} and {@link dev.dendrite.federated.MaskingServer} exchange the
 * {@link dev.dendrite.federated.MaskingMessages}, built on {@link dev.dendrite.federated.KeyExchange} (X25519 and
 * HKDF), {@link dev.dendrite.federated.MaskStream} (ChaCha20), {@link dev.dendrite.federated.ShareCipher}
 * (AES-GCM), {@link dev.dendrite.federated.Shamir} and {@link dev.dendrite.federated.FixedPoint};
 * {@link dev.dendrite.federated.MaskedAggregation} runs one round in process. Homomorphic aggregation:
 * {@link dev.dendrite.federated.Paillier} and {@link dev.dendrite.federated.PaillierPacking}.
 * {@link dev.dendrite.federated.FedAvg} averages whole state dicts for callers that hold them in the clear.
 */
package dev.dendrite.federated;

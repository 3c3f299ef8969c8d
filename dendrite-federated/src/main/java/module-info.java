// Federated learning: FedAvg, secure aggregation by pairwise masking or Paillier, and an HTTPS server and clients.
module dev.dendrite.federated {
    requires transitive dev.dendrite.core;
    requires jdk.httpserver;
    requires java.net.http;

    exports dev.dendrite.federated;
}

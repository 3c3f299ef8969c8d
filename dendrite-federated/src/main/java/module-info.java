// Federated learning: averaging clients' models, and the secret sharing secure aggregation builds on.
module dev.dendrite.federated {
    requires transitive dev.dendrite.core;

    exports dev.dendrite.federated;
}

// The model zoo and the registry of model kinds the command line trains.
module dev.dendrite.models {
    requires transitive dev.dendrite.core;
    requires jdk.incubator.vector;
    requires java.management;

    exports dev.dendrite.models;
    exports dev.dendrite.models.registry;
    exports dev.dendrite.models.bench;
}

// The dendrite command. picocli fills the commands' fields by reflection.
module dev.dendrite.cli {
    requires dev.dendrite.models;
    requires dev.dendrite.federated;
    requires info.picocli;
    requires xchart;
    requires java.desktop;

    exports dev.dendrite.cli;
    opens dev.dendrite.cli to info.picocli;
}

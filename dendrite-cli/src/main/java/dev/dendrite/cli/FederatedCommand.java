// dendrite federated: federated learning, the clients' data never leaving them (dendrite-federated).
package dev.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "federated", mixinStandardHelpOptions = true,
        description = "Federated learning with secure aggregation.",
        subcommands = {FederatedSimulateCommand.class, FederatedServerCommand.class, FederatedClientCommand.class,
                FederatedBenchCommand.class})
final class FederatedCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 2;
    }
}

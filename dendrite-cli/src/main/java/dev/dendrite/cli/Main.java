// The dendrite command: train, generate, tag, eval, predict, summary and bench subcommands (picocli). Errors
// in the user's input print one line naming the problem and exit with status 2.
package dev.dendrite.cli;

import dev.dendrite.tensor.DendriteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "dendrite", mixinStandardHelpOptions = true, version = "dendrite 0.1.0",
        description = "Deep learning in pure Java: train, evaluate and use neural networks.",
        subcommands = {TrainCommand.class, GenerateCommand.class, TagCommand.class, EvalCommand.class,
                PredictCommand.class, SummaryCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status. */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof DendriteException || e instanceof java.io.IOException) {
                System.err.println("dendrite: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}

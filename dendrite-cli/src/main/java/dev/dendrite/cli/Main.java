package dev.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

@Command(name = "dendrite", mixinStandardHelpOptions = true, version = "dendrite 0.1.0",
        description = "Deep learning in pure Java: train, evaluate and use neural networks.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, SummaryCommand.class,
                GenerateCommand.class, TranslateCommand.class, BleuCommand.class, TokenizerCommand.class, FillMaskCommand.class, SampleCommand.class, GanScoreCommand.class, FederatedCommand.class, TagCommand.class, ClassifyCommand.class, AnalogyCommand.class,
                SimilarityCommand.class, NearestCommand.class, ModelsCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
/**
 * The dendrite command: train, eval, predict, summary, generate, translate, bleu, tag, models and bench subcommands (picocli). Every
 * error a user can cause prints one line naming the file, option or value, with exit status 2; a stack trace only
 * with --debug. Output is UTF-8 whatever the locale.
 */
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "print the stack trace of an error instead of one line")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status. */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new java.io.PrintWriter(System.out, true));
        cli.setErr(new java.io.PrintWriter(System.err, true));
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine command = e.getCommandLine();
            System.err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see "
                    + command.getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (Arrays.asList(args).contains("--debug")) {
                e.printStackTrace(System.err);
            } else {
                System.err.println("dendrite: " + UserErrors.describe(e));
            }
            return UserErrors.status(e);
        });
        return cli.execute(args);
    }
}

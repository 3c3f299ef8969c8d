// The dendrite command. Until the training CLI lands it runs one demo, `xor`: a small network learning XOR
// with nothing but tensors, autograd and a hand-written gradient-descent step.
package dev.dendrite.cli;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "xor" : args[0];
        if (!command.equals("xor")) {
            System.err.println("dendrite: unknown command '" + command + "'. Available: xor");
            System.exit(2);
        }
        XorDemo.run(3000, System.out);
    }
}

package dev.dendrite.autograd;

/**
 * Gradient-recording mode as a scope: try (var _ = Grad.disabled()) { ... } records no graph inside. The mode is
 * per thread, like PyTorch's torch.no_grad().
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Grad() {}

    /** True when ops record the graph for backward on this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed (restores the previous mode). */
    public static Scope disabled() {
        return set(false);
    }

    /** Turns recording on until the returned scope is closed (restores the previous mode). */
    public static Scope enabled() {
        return set(true);
    }

    private static Scope set(boolean on) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = on;
        return () -> flag[0] = previous;
    }

    /** A mode scope; closing it restores the mode that was in force when it opened. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

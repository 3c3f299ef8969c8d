// How a recurrent layer is stacked, as PyTorch's nn.RNN / nn.LSTM / nn.GRU arguments: number of layers, dropout on
// the outputs of every layer but the last (training only), bidirectional, and the input layout. Unlike PyTorch the
// default layout is batch-first, (B, T, features); time-first is (T, B, features).
package dev.dendrite.nn;

public record RecurrentOptions(int layers, double dropout, boolean bidirectional, boolean batchFirst) {
    public static final RecurrentOptions DEFAULT = new RecurrentOptions(1, 0, false, true);

    public RecurrentOptions {
        if (layers < 1) {
            throw new IllegalArgumentException("recurrent layer: layers must be >= 1, got " + layers);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("recurrent layer: dropout must be in [0, 1), got " + dropout);
        }
    }

    public RecurrentOptions withLayers(int n) {
        return new RecurrentOptions(n, dropout, bidirectional, batchFirst);
    }

    public RecurrentOptions withDropout(double p) {
        return new RecurrentOptions(layers, p, bidirectional, batchFirst);
    }

    public RecurrentOptions withBidirectional(boolean on) {
        return new RecurrentOptions(layers, dropout, on, batchFirst);
    }

    public RecurrentOptions withBatchFirst(boolean on) {
        return new RecurrentOptions(layers, dropout, bidirectional, on);
    }

    int directions() {
        return bidirectional ? 2 : 1;
    }

    /** PyTorch's description, e.g. ", layers=2, dropout=0.2, bidirectional" (empty for the defaults). */
    String describe() {
        return (layers > 1 ? ", layers=" + layers : "") + (dropout > 0 ? ", dropout=" + dropout : "")
                + (bidirectional ? ", bidirectional" : "") + (batchFirst ? "" : ", time-first");
    }
}

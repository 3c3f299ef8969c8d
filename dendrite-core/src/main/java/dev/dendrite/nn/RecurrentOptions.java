package dev.dendrite.nn;

/**
 * How a recurrent layer is stacked, as PyTorch's nn.RNN / nn.LSTM / nn.GRU arguments: number of layers, dropout on
 * the outputs of every layer but the last (training only), bidirectional, and the input layout: batch-first (B, T,
 * features) or time-first (T, B, features, PyTorch's default). There is no default layout: a caller starts from
 * BATCH_FIRST or TIME_FIRST, so a tensor of the other layout cannot be read silently the wrong way round.
 */
public record RecurrentOptions(int layers, double dropout, boolean bidirectional, boolean batchFirst) {
    /** One layer, no dropout, one direction, inputs (B, T, features). */
    public static final RecurrentOptions BATCH_FIRST = new RecurrentOptions(1, 0, false, true);
    /** One layer, no dropout, one direction, inputs (T, B, features) as PyTorch's default. */
    public static final RecurrentOptions TIME_FIRST = new RecurrentOptions(1, 0, false, false);

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

    /** A description after the sizes, e.g. ", layers=2, dropout=0.2, bidirectional, batch-first". */
    String describe() {
        return (layers > 1 ? ", layers=" + layers : "") + (dropout > 0 ? ", dropout=" + dropout : "")
                + (bidirectional ? ", bidirectional" : "") + (batchFirst ? ", batch-first" : ", time-first");
    }
}

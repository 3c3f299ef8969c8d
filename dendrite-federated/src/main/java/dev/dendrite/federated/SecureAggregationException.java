package dev.dendrite.federated;

import dev.dendrite.tensor.DendriteException;

/**
 * A secure-aggregation protocol step that cannot go on: too few clients left for the threshold, a message that
 * does not authenticate or does not fit the round, or a request that would reveal a client's update.
 */
public class SecureAggregationException extends DendriteException {
    public SecureAggregationException(String message) {
        super(message);
    }

    public SecureAggregationException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}

package dev.dendrite.nn;

import dev.dendrite.tensor.Tensor;

/**
 * The keys and values a decoder's self-attention layers have computed for the tokens generated so far, so that
 * each new token costs one step of attention instead of a pass over the whole sequence (GPT-style generation).
 * One entry per layer, each (B, S, E) batch-first; the cache only grows. Used without gradients.
 */
public final class KeyValueCache {
    private final Tensor[] keys;
    private final Tensor[] values;

    public KeyValueCache(int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("KeyValueCache: at least one layer required, got " + layers);
        }
        keys = new Tensor[layers];
        values = new Tensor[layers];
    }

    public int layers() {
        return keys.length;
    }

    /** Tokens cached for {@code layer} (all layers hold the same count after a full step). */
    public int length(int layer) {
        return keys[layer] == null ? 0 : keys[layer].size(1);
    }

    /** Appends the new tokens' keys and values (B, T, E) of {@code layer}; returns all of them, (B, S + T, E). */
    Tensor[] append(int layer, Tensor k, Tensor v) {
        keys[layer] = keys[layer] == null ? k.contiguous() : Tensor.cat(java.util.List.of(keys[layer], k), 1);
        values[layer] = values[layer] == null ? v.contiguous() : Tensor.cat(java.util.List.of(values[layer], v), 1);
        return new Tensor[] {keys[layer], values[layer]};
    }
}

package dev.dendrite.models.registry;

import dev.dendrite.train.Task;

import java.util.Map;

/**
 * A kind ready to train or evaluate: its model, the task the training loop runs, and the checkpoint metadata that
 * rebuilds both (kind, config, what the data defined, the training options).
 */
public record Prepared(ModelKind<?, ?> kind, Model model, Task task, Map<String, String> metadata) {
    public Prepared {
        metadata = Map.copyOf(metadata);
    }
}

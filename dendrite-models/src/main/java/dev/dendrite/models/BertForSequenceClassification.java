package dev.dendrite.models;

import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

/**
 * BERT with a classification head, Hugging Face's BertForSequenceClassification layout ("bert." the encoder,
 * "classifier." the head), so a pretrained BERT's "bert." tensors load by name: the pooled [CLS] state, dropout,
 * then a linear layer to the classes. Shapes: ids, segments and padding INT64 (B, T) -&gt; logits (B, classes).
 */
public final class BertForSequenceClassification extends Module {
    private final Bert bert;
    private final Dropout dropout;
    private final Linear classifier;

    public BertForSequenceClassification(Bert.Config config, int classes, Generator g) {
        bert = registerModule("bert", new Bert(config, g));
        dropout = registerModule("dropout", new Dropout(config.dropout(), g));
        classifier = registerModule("classifier", new Linear(config.hidden(), classes, g));
        Bert.initialise(classifier, g);
    }

    public Bert bert() {
        return bert;
    }

    public Tensor forward(Tensor ids, Tensor segments, Tensor padding) {
        return classifier.forward(dropout.forward(bert.pooled(bert.forward(ids, segments, padding))));
    }
}

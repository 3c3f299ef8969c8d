package dev.dendrite.models.registry;

import dev.dendrite.tensor.Tensor;

/** A model that draws images from noise (dendrite sample, and the sample grids a GAN run writes each epoch). */
public interface ImageGenerator extends Model {
    /** The length of one noise vector. */
    int noiseSize();

    /** The classes it can be asked for; 0 when it is not conditional. */
    int classes();

    /** Images (B, C, H, W) in [0, 1], in evaluation mode, from noise (B, noiseSize) and labels (B) or null. */
    Tensor generate(Tensor noise, Tensor labels);
}

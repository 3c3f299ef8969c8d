// The weight and optional bias of a convolution layer (Conv1d, Conv2d, ConvTranspose2d), checked and initialised
// as PyTorch's nn.ConvNd: weight (C_out, C_in / groups, kernel...), transposed (C_in, C_out / groups, kernel...), by
// Kaiming-uniform with a = sqrt(5), bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with fanIn = the weight's dim 1 times
// prod(kernel), as PyTorch computes it for both.
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

record ConvParameters(Tensor weight, Tensor bias) {
    /** Registers "weight" and (if {@code bias}) "bias" on {@code owner}; {@code layer} names it in errors. */
    static ConvParameters register(Module owner, String layer, int inChannels, int outChannels, int groups,
                                   boolean bias, Generator g, int... kernel) {
        return register(owner, layer, inChannels, outChannels, groups, bias, false, g, kernel);
    }

    /** The same for a transposed convolution: weight (C_in, C_out / groups, kernel...), bias (C_out). */
    static ConvParameters registerTransposed(Module owner, String layer, int inChannels, int outChannels, int groups,
                                             boolean bias, Generator g, int... kernel) {
        return register(owner, layer, inChannels, outChannels, groups, bias, true, g, kernel);
    }

    private static ConvParameters register(Module owner, String layer, int inChannels, int outChannels, int groups,
                                           boolean bias, boolean transposed, Generator g, int... kernel) {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(layer + ": channels " + inChannels + " -> " + outChannels
                    + " must both be divisible by groups " + groups);
        }
        int[] dims = new int[2 + kernel.length];
        dims[0] = transposed ? inChannels : outChannels;
        dims[1] = (transposed ? outChannels : inChannels) / groups;
        int fanIn = dims[1];
        for (int i = 0; i < kernel.length; i++) {
            dims[2 + i] = kernel[i];
            fanIn *= kernel[i];
        }
        Tensor w = owner.registerParameter("weight", Init.torchDefaultWeight(Tensor.zeros(DType.FLOAT32, dims), g));
        Tensor b = bias ? owner.registerParameter("bias",
                Init.torchDefaultBias(Tensor.zeros(DType.FLOAT32, outChannels), fanIn, g)) : null;
        return new ConvParameters(w, b);
    }
}

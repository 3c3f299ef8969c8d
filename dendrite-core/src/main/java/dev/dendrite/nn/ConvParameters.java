// The weight and optional bias of a convolution layer (Conv1d, Conv2d), checked and initialised as PyTorch's
// nn.ConvNd: weight (C_out, C_in / groups, kernel...) by Kaiming-uniform with a = sqrt(5), bias U(-1/sqrt(fanIn),
// 1/sqrt(fanIn)) with fanIn = C_in / groups * prod(kernel).
package dev.dendrite.nn;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

record ConvParameters(Tensor weight, Tensor bias) {
    /** Registers "weight" and (if {@code bias}) "bias" on {@code owner}; {@code layer} names it in errors. */
    static ConvParameters register(Module owner, String layer, int inChannels, int outChannels, int groups,
                                   boolean bias, Generator g, int... kernel) {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(layer + ": channels " + inChannels + " -> " + outChannels
                    + " must both be divisible by groups " + groups);
        }
        int[] dims = new int[2 + kernel.length];
        dims[0] = outChannels;
        dims[1] = inChannels / groups;
        int fanIn = inChannels / groups;
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

// An op of your own: softplus(x) = log(1 + e^x) computed with existing ops for the forward and recorded with its
// own gradient rule, sigmoid(x) * dy, then verified by the float64 central-difference check.
package dev.dendrite.examples;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.Grad;
import dev.dendrite.autograd.GradCheck;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.Tensor;

import java.util.List;

public final class CustomOp {
    private CustomOp() {}

    /** softplus with a hand-written backward. */
    public static Tensor softplus(Tensor x) {
        Tensor out;
        try (var _ = Grad.disabled()) {
            out = x.exp().add(1).log(); // no graph: the rule below is the gradient
        }
        return Autograd.record("softplus", out, new Tensor[] {x}, dy -> new Tensor[] {dy.mul(x.detach().sigmoid())});
    }

    /** Null when the gradient rule matches central differences, else the first mismatch. */
    public static String check() {
        Tensor x = Tensor.randn(new Generator(7), 3, 4).to(DType.FLOAT64);
        return GradCheck.check(in -> softplus(in.get(0)), List.of(x), 8);
    }

    public static void main(String[] args) {
        String mismatch = check();
        System.out.println(mismatch == null ? "softplus: gradient check passed" : "softplus: " + mismatch);
    }
}

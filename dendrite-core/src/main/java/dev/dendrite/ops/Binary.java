package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.SavedTensor;
import dev.dendrite.kernels.BinaryKind;
import dev.dendrite.tensor.Tensor;

/**
 * Differentiable elementwise functions of two broadcast tensors (add, sub, mul, div, pow, minimum, maximum) and the
 * comparisons, which have no gradient. Gradients are returned at the broadcast shape; the engine sums them down to
 * each input's shape.
 */
public final class Binary {
    private Binary() {}

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary("add", BinaryKind.ADD, a, b);
        return Autograd.record("add", out, new Tensor[] {a, b}, g -> new Tensor[] {g, g});
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary("sub", BinaryKind.SUB, a, b);
        return Autograd.record("sub", out, new Tensor[] {a, b}, g -> new Tensor[] {g, g.neg()});
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary("mul", BinaryKind.MUL, a, b);
        SavedTensor sa = new SavedTensor("mul", a);
        SavedTensor sb = new SavedTensor("mul", b);
        return Autograd.record("mul", out, new Tensor[] {a, b}, new SavedTensor[] {sa, sb},
                g -> new Tensor[] {a.requiresGrad() ? g.mul(sb.get()) : null, b.requiresGrad() ? g.mul(sa.get()) : null});
    }

    public static Tensor div(Tensor a, Tensor b) {
        Checks.floating("div", a);
        Tensor out = Elementwise.binary("div", BinaryKind.DIV, a, b);
        SavedTensor sa = new SavedTensor("div", a);
        SavedTensor sb = new SavedTensor("div", b);
        return Autograd.record("div", out, new Tensor[] {a, b}, new SavedTensor[] {sa, sb}, g -> {
            Tensor bv = sb.get();
            Tensor ga = g.div(bv);
            return new Tensor[] {ga, b.requiresGrad() ? ga.mul(sa.get()).div(bv).neg() : null};
        });
    }

    public static Tensor pow(Tensor a, Tensor b) {
        Checks.floating("pow", a);
        Tensor out = Elementwise.binary("pow", BinaryKind.POW, a, b);
        SavedTensor sa = new SavedTensor("pow", a);
        SavedTensor sb = new SavedTensor("pow", b);
        SavedTensor sy = new SavedTensor("pow", out);
        return Autograd.record("pow", out, new Tensor[] {a, b}, new SavedTensor[] {sa, sb, sy}, g -> {
            Tensor av = sa.get();
            Tensor bv = sb.get();
            Tensor ga = a.requiresGrad() ? g.mul(bv).mul(av.pow(bv.sub(1))) : null;
            // NOTE: d/db a^b = a^b ln a; where a == 0 PyTorch defines it as 0 (the limit for b > 0).
            Tensor gb = null;
            if (b.requiresGrad()) {
                Tensor logA = Index.where(av.eq(0), Tensor.zeros(av.dtype()), av.log());
                gb = g.mul(sy.get()).mul(logA);
            }
            return new Tensor[] {ga, gb};
        });
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return extreme("minimum", BinaryKind.MIN, BinaryKind.LT, a, b);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return extreme("maximum", BinaryKind.MAX, BinaryKind.GT, a, b);
    }

    /** min/max whose gradient goes to the winning operand, split evenly on ties (as PyTorch). */
    private static Tensor extreme(String op, BinaryKind kind, BinaryKind wins, Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(op, kind, a, b);
        SavedTensor sa = new SavedTensor(op, a);
        SavedTensor sb = new SavedTensor(op, b);
        return Autograd.record(op, out, new Tensor[] {a, b}, new SavedTensor[] {sa, sb}, g -> {
            Tensor av = sa.get();
            Tensor bv = sb.get();
            Tensor share = Elementwise.binary(op, wins, av, bv).add(Elementwise.binary(op, BinaryKind.EQ, av, bv).mul(0.5));
            return new Tensor[] {g.mul(share), g.mul(share.neg().add(1))};
        });
    }

    public static Tensor eq(Tensor a, Tensor b) {
        return Elementwise.binary("eq", BinaryKind.EQ, a, b);
    }

    public static Tensor ne(Tensor a, Tensor b) {
        return Elementwise.binary("ne", BinaryKind.NE, a, b);
    }

    public static Tensor lt(Tensor a, Tensor b) {
        return Elementwise.binary("lt", BinaryKind.LT, a, b);
    }

    public static Tensor le(Tensor a, Tensor b) {
        return Elementwise.binary("le", BinaryKind.LE, a, b);
    }

    public static Tensor gt(Tensor a, Tensor b) {
        return Elementwise.binary("gt", BinaryKind.GT, a, b);
    }

    public static Tensor ge(Tensor a, Tensor b) {
        return Elementwise.binary("ge", BinaryKind.GE, a, b);
    }
}

package dev.dendrite.autograd;

import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse-mode engine: ops record a Node on their output; backward() walks the nodes in reverse topological
 * order, sums each gradient to its input's shape (the one place un-broadcasting happens) and accumulates into
 * leaves' .grad().
 */
public final class Autograd {
    /** The gradients handed over (see {@link #handOver}) during the calling thread's running backward pass. */
    private static final ThreadLocal<Set<Tensor>> HANDED_OVER = new ThreadLocal<>();

    private Autograd() {}

    /**
     * Marks a gradient that the calling backward function allocated itself, keeps no reference to and returns for
     * one input only: the first leaf it reaches may keep it as its {@code .grad()} instead of a copy (PyTorch
     * steals such gradients too; a 6.4 MB input gradient's copy cost a 1 x 1 convolution a quarter of its step).
     * Returns the gradient. Outside a backward pass it changes nothing.
     */
    public static Tensor handOver(Tensor gradient) {
        Set<Tensor> handedOver = HANDED_OVER.get();
        if (handedOver != null && gradient != null) {
            handedOver.add(gradient);
        }
        return gradient;
    }

    /** True when grad mode is on and at least one input requires grad: the op must record a node. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!Grad.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Attaches a backward node to {@code out} when {@link #needsGrad} holds for {@code inputs}, and returns
     * {@code out}. {@code backward} returns one gradient per input (null where an input gets none), shaped
     * like the output's broadcast of that input; the engine sums it down to the input's shape.
     */
    public static Tensor record(String op, Tensor out, Tensor[] inputs, SavedTensor[] saved, Node.Backward backward) {
        if (needsGrad(inputs)) {
            out.attachGradFn(new Node(op, inputs, saved, backward));
        }
        return out;
    }

    /** Same as {@link #record(String, Tensor, Tensor[], SavedTensor[], Node.Backward)} with nothing saved. */
    public static Tensor record(String op, Tensor out, Tensor[] inputs, Node.Backward backward) {
        return record(op, out, inputs, new SavedTensor[0], backward);
    }

    /** Runs backward from {@code root} seeded with {@code gradient} (same shape as root). */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new AutogradException("backward: the tensor does not require grad and has no grad_fn;"
                    + " call requiresGrad(true) on the leaves you want gradients for");
        }
        if (!gradient.shape().equals(root.shape())) {
            throw new ShapeException("backward: gradient shape " + gradient.shape() + " does not match tensor shape "
                    + root.shape());
        }
        Set<Tensor> outerPass = HANDED_OVER.get();
        HANDED_OVER.set(java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        try (var _ = Grad.disabled()) {
            if (root.gradFn() == null) {
                accumulateLeaf(root, gradient);
                return;
            }
            List<Node> order = topologicalOrder(root.gradFn());
            Map<Node, Tensor> grads = new IdentityHashMap<>();
            Map<Node, Tensor> outputs = new IdentityHashMap<>();
            grads.put(root.gradFn(), gradient);
            outputs.put(root.gradFn(), root);
            for (Node node : order) {
                Tensor g = grads.remove(node);
                if (g == null) {
                    continue;
                }
                Tensor produced = outputs.get(node);
                if (produced != null && produced.retainsGrad()) {
                    accumulateLeaf(produced, g);
                }
                Tensor[] inputs = node.inputs();
                Tensor[] inputGrads = node.apply(g);
                if (inputGrads == null || inputGrads.length != inputs.length) {
                    throw new AutogradException(node.op() + " backward: returned "
                            + (inputGrads == null ? "null" : inputGrads.length + " gradients") + " for its "
                            + inputs.length + " inputs; return one per input, in order (null where none)");
                }
                if (!retainGraph) {
                    node.release();
                }
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (in == null || !in.requiresGrad() || inputGrads[i] == null) {
                        continue;
                    }
                    Tensor gi = sumToShape(node.op(), inputGrads[i], in.shape());
                    if (in.gradFn() == null) {
                        accumulateLeaf(in, gi);
                    } else {
                        outputs.putIfAbsent(in.gradFn(), in);
                        grads.merge(in.gradFn(), gi, Tensor::add);
                    }
                }
            }
        } finally {
            HANDED_OVER.set(outerPass);
        }
    }

    /**
     * Adds g to the leaf's gradient, keeping g itself where it was handed over and the leaf has none yet (a copy
     * otherwise); locked per leaf, so concurrent backward passes sharing it lose nothing.
     */
    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        synchronized (leaf) {
            Tensor current = leaf.grad();
            Tensor sum = current != null ? current.add(g)
                    : g.dtype() == leaf.dtype() && takeOver(g) ? g
                    : g.to(leaf.dtype()).clone();
            leaf.setGrad(sum);
        }
    }

    /** Whether g was handed over in this pass and not yet taken; it is taken now, so one leaf at most keeps it. */
    private static boolean takeOver(Tensor g) {
        Set<Tensor> handedOver = HANDED_OVER.get();
        return handedOver != null && handedOver.remove(g);
    }

    /**
     * Adds a row-sparse gradient to a leaf (what a sparse embedding's backward does instead of returning a dense
     * one): appended to its row-sparse gradient, or added into its dense gradient when it already has one.
     */
    public static void accumulateSparse(Tensor leaf, SparseGrad g) {
        if (!leaf.isLeaf()) {
            throw new AutogradException("accumulateSparse: only a leaf tensor keeps a row-sparse gradient");
        }
        synchronized (leaf) {
            if (leaf.sparseGrad() != null) {
                leaf.setSparseGrad(leaf.sparseGrad().plus(g));
            } else if (leaf.grad() != null) {
                Tensor sum = leaf.grad().contiguous().clone();
                g.addTo(sum);
                leaf.setGrad(sum);
            } else {
                leaf.setSparseGrad(g);
            }
        }
    }

    /** Sums a broadcast gradient down to {@code shape}: over extra leading dims and over dims of size 1. */
    public static Tensor sumToShape(String op, Tensor g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        int extra = g.rank() - shape.rank();
        if (extra < 0) {
            throw new ShapeException(op + " backward: gradient of shape " + g.shape()
                    + " has fewer dims than its input " + shape);
        }
        for (int d = 0; d < shape.rank(); d++) {
            if (shape.size(d) != 1 && shape.size(d) != g.shape().size(d + extra)) {
                throw new ShapeException(op + " backward: a gradient of shape " + g.shape() + " for an input of shape "
                        + shape + "; the gradient must have the input's shape (or broadcast to it)");
            }
        }
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < g.rank(); d++) {
            if (d < extra || (shape.size(d - extra) == 1 && g.shape().size(d) != 1)) {
                dims.add(d);
            }
        }
        Tensor summed = dims.isEmpty() ? g : g.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        Tensor out = summed.reshape(shape.toArray());
        if (!out.shape().equals(shape)) {
            throw new ShapeException(op + " backward: cannot reduce gradient " + g.shape() + " to " + shape);
        }
        return out;
    }

    private static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            Tensor[] inputs = node.inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.gradFn() != null && visited.add(in.gradFn())) {
                    stack.push(new Object[] {in.gradFn(), 0});
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }
}

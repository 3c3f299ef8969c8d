package dev.dendrite.tensor;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.autograd.AutogradException;
import dev.dendrite.autograd.Grad;
import dev.dendrite.autograd.Node;
import dev.dendrite.autograd.SparseGrad;
import dev.dendrite.ops.Binary;
import dev.dendrite.ops.Convert;
import dev.dendrite.ops.Creation;
import dev.dendrite.ops.Index;
import dev.dendrite.ops.Join;
import dev.dendrite.ops.MatMul;
import dev.dendrite.ops.Pad;
import dev.dendrite.ops.Reduce;
import dev.dendrite.ops.Softmax;
import dev.dendrite.ops.Unary;
import dev.dendrite.ops.Views;

import java.util.List;

/**
 * An N-dimensional, row-major, strided array with reverse-mode autograd: a view (shape, strides, offset) onto a
 * {@link Storage}. Views share storage; ops return new tensors. Floating tensors can record the ops applied to them
 * and compute gradients with {@link #backward()}. This class holds the data layout and the autograd state and is
 * the fluent facade over the ops; each op's math and gradient live in {@code dev.dendrite.ops}.
 */
public final class Tensor {
    static {
        VectorApi.require();
    }

    private Storage storage; // replaced only by setData
    private final Shape shape;
    private int[] strides;
    private int offset;
    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    private SparseGrad sparseGrad;
    private Node gradFn;

    private Tensor(Storage storage, Shape shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A view onto existing storage. Low level: op implementations use it; users use the factories below. */
    public static Tensor view(Storage storage, Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank()) {
            throw new ShapeException("view: " + strides.length + " strides for shape " + shape);
        }
        return new Tensor(storage, shape, strides.clone(), offset);
    }

    /** A contiguous tensor over fresh storage. */
    public static Tensor empty(DType dtype, int... dims) {
        Shape s = Shape.of(dims);
        return new Tensor(Storage.allocate(dtype, s.numel()), s, s.contiguousStrides(), 0);
    }

    // ---- creation ----

    public static Tensor zeros(int... dims) {
        return empty(DType.FLOAT32, dims);
    }

    public static Tensor zeros(DType dtype, int... dims) {
        return empty(dtype, dims);
    }

    public static Tensor ones(int... dims) {
        return full(1.0, DType.FLOAT32, dims);
    }

    public static Tensor ones(DType dtype, int... dims) {
        return full(1.0, dtype, dims);
    }

    public static Tensor full(double value, DType dtype, int... dims) {
        return Creation.full(value, dtype, dims);
    }

    /** A 0-d FLOAT32 tensor. */
    public static Tensor scalar(double value) {
        return full(value, DType.FLOAT32);
    }

    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** INT64 values 0, 1, ..., end-1 (PyTorch's {@code arange(end)}). */
    public static Tensor arange(int end) {
        return Creation.arange(0, end, 1, DType.INT64);
    }

    /** start, start+step, ... below end (above end for a negative step). */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Creation.arange(start, end, step, dtype);
    }

    /** The n x n identity matrix (FLOAT32). */
    public static Tensor eye(int n) {
        return Creation.eye(n, DType.FLOAT32);
    }

    public static Tensor eye(int n, DType dtype) {
        return Creation.eye(n, dtype);
    }

    /** A FLOAT32 tensor holding a copy of {@code data} in row-major order; with no dims, a 1-d tensor. */
    public static Tensor fromArray(float[] data, int... dims) {
        return Creation.fromArray(data.clone(), dims);
    }

    /** A FLOAT64 tensor holding a copy of {@code data}. */
    public static Tensor fromArray(double[] data, int... dims) {
        return Creation.fromArray(data.clone(), dims);
    }

    /** An INT64 tensor holding a copy of {@code data}. */
    public static Tensor fromArray(long[] data, int... dims) {
        return Creation.fromArray(data.clone(), dims);
    }

    /** A FLOAT32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) {
        return Creation.matrix(rows);
    }

    /** Uniform samples in [low, high) from {@code generator}. */
    public static Tensor uniform(Generator generator, double low, double high, DType dtype, int... dims) {
        return Creation.uniform(generator, low, high, dtype, dims);
    }

    /** Uniform samples in [0, 1) (FLOAT32), as PyTorch's {@code rand}. */
    public static Tensor rand(Generator generator, int... dims) {
        return uniform(generator, 0, 1, DType.FLOAT32, dims);
    }

    /** Normal samples with the given mean and standard deviation. */
    public static Tensor normal(Generator generator, double mean, double std, DType dtype, int... dims) {
        return Creation.normal(generator, mean, std, dtype, dims);
    }

    /** Standard normal samples (FLOAT32), as PyTorch's {@code randn}. */
    public static Tensor randn(Generator generator, int... dims) {
        return normal(generator, 0, 1, DType.FLOAT32, dims);
    }

    /** 1 with probability p, else 0. */
    public static Tensor bernoulli(Generator generator, double p, DType dtype, int... dims) {
        return Creation.bernoulli(generator, p, dtype, dims);
    }

    // ---- layout ----

    public Storage storage() {
        return storage;
    }

    public Shape shape() {
        return shape;
    }

    /** The sizes as an array (a copy). */
    public int[] dims() {
        return shape.toArray();
    }

    public int size(int dim) {
        return shape.size(dim);
    }

    public int rank() {
        return shape.rank();
    }

    public int numel() {
        return shape.numel();
    }

    public DType dtype() {
        return storage.dtype();
    }

    /** The strides in elements (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    /** True when the elements lie in row-major order with no gaps (sizes-1 dims may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.rank() - 1; d >= 0; d--) {
            int size = shape.size(d);
            if (size != 1 && strides[d] != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new ShapeException("item: only a one-element tensor has an item, this one has shape " + shape);
        }
        return storage.get(offset);
    }

    /** The element at the given index (one index per dim). */
    public double get(int... index) {
        return storage.get(position("get", index));
    }

    private int position(String op, int[] index) {
        if (index.length != rank()) {
            throw new ShapeException(op + ": " + index.length + " indices for a tensor of shape " + shape);
        }
        int pos = offset;
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= shape.size(d)) {
                throw new ShapeException(op + ": index " + index[d] + " is out of bounds for dim " + d + " of size "
                        + shape.size(d) + " (shape " + shape + ")");
            }
            pos += index[d] * strides[d];
        }
        return pos;
    }

    /** The elements in row-major order as float (converting if needed). */
    public float[] toFloatArray() {
        return (float[]) to(DType.FLOAT32).contiguous().copyOfData();
    }

    /** The elements in row-major order as double (converting if needed). */
    public double[] toDoubleArray() {
        return (double[]) to(DType.FLOAT64).contiguous().copyOfData();
    }

    /** The elements in row-major order as long (converting floats by truncation toward zero). */
    public long[] toLongArray() {
        return (long[]) to(DType.INT64).contiguous().copyOfData();
    }

    private Object copyOfData() {
        Object dst = Storage.allocate(dtype(), numel()).array();
        System.arraycopy(storage.array(), offset, dst, 0, numel());
        return dst;
    }

    // ---- autograd ----

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as one whose gradient backward() should compute. Returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null && !flag) {
            throw new AutogradException("requiresGrad(false): only leaf tensors can change requiresGrad;"
                    + " use detach() to cut a tensor from the graph");
        }
        if (flag && !dtype().isFloating()) {
            throw new DTypeException("requiresGrad: only floating point tensors can require gradients, this one is "
                    + dtype());
        }
        requiresGrad = flag;
        return this;
    }

    /**
     * The accumulated gradient, or null before any backward reached this tensor. A row-sparse gradient (see
     * {@link #sparseGrad()}) is materialised here as a dense tensor, which then replaces it.
     */
    public Tensor grad() {
        if (sparseGrad != null) {
            grad = sparseGrad.toDense();
            sparseGrad = null;
        }
        return grad;
    }

    /**
     * The gradient when it is row-sparse (from a sparse {@code Embedding}), or null. A gradient is either dense or
     * row-sparse, never both: optimizers that take sparse gradients read this before {@link #grad()}.
     */
    public SparseGrad sparseGrad() {
        return sparseGrad;
    }

    /** Replaces the gradient (optimizers and the engine use it). */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new ShapeException("setGrad: gradient shape " + g.shape + " does not match tensor shape " + shape);
        }
        grad = g;
        sparseGrad = null;
    }

    /** Replaces the gradient by a row-sparse one (the engine and clipping use it). */
    public void setSparseGrad(SparseGrad g) {
        if (g != null && (rank() != 2 || g.rows() != size(0) || g.dim() != size(1))) {
            throw new ShapeException("setSparseGrad: a gradient of (" + g.rows() + ", " + g.dim()
                    + ") rows does not match tensor shape " + shape);
        }
        sparseGrad = g;
        grad = null;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
        sparseGrad = null;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Low level: called by {@link Autograd#record} when an op records this tensor's node. */
    public void attachGradFn(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} during backward. Returns this. */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    public boolean retainsGrad() {
        return retainsGrad;
    }

    /**
     * Replaces this leaf's values, and with them its dtype, by a contiguous copy of {@code value} of the same shape
     * (PyTorch's {@code p.data = value}): the object, and every module and optimizer holding it, stays the same. Its
     * gradient is cleared; views made before keep the old values.
     */
    public void setData(Tensor value) {
        if (gradFn != null) {
            throw new DendriteException("setData: only a leaf tensor (a parameter or buffer) can have its data replaced");
        }
        if (!value.shape().equals(shape)) {
            throw new ShapeException("setData: the new value has shape " + value.shape() + " but the tensor " + shape);
        }
        if (requiresGrad && !value.dtype().isFloating()) {
            throw new DTypeException("setData: a tensor that requires grad must stay floating, got " + value.dtype());
        }
        Tensor copy = value.detach().contiguous();
        copy = copy.storage == value.storage ? copy.clone() : copy;
        this.storage = copy.storage;
        this.strides = copy.strides;
        this.offset = copy.offset;
        this.grad = null;
        this.sparseGrad = null;
    }

    /** A tensor sharing this one's storage, cut from the graph (no gradient flows through it). */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    /** Backpropagates from this scalar (one-element) tensor. */
    public void backward() {
        if (numel() != 1) {
            throw new AutogradException("backward: gradient can be implicitly created only for a one-element tensor,"
                    + " this one has shape " + shape + "; pass a gradient of that shape to backward(gradient)");
        }
        backward(full(1.0, dtype(), dims()), false);
    }

    /** Backpropagates from this tensor with the given output gradient. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** Backpropagates; with {@code retainGraph} the saved tensors are kept so backward can run again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    // ---- in-place (recorded by no graph: allowed only when no gradient is being recorded for this tensor) ----

    private void checkInPlace(String op) {
        if (requiresGrad && Grad.isEnabled()) {
            throw new AutogradException(op + ": in-place write to a tensor that requires grad while gradients are"
                    + " recorded; wrap the update in try (var _ = Grad.disabled()) { ... }");
        }
    }

    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor. Returns this. */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        Convert.copyInto(this, src);
        storage.bumpVersion();
        return this;
    }

    public Tensor fillInPlace(double value) {
        return copyFrom(full(value, dtype()));
    }

    public Tensor zeroInPlace() {
        return fillInPlace(0);
    }

    /** this += alpha * other. */
    public Tensor addInPlace(Tensor other, double alpha) {
        checkInPlace("addInPlace");
        try (var _ = Grad.disabled()) {
            return copyFrom(add(alpha == 1 ? other : other.mul(alpha)));
        }
    }

    /** this *= factor. */
    public Tensor mulInPlace(double factor) {
        checkInPlace("mulInPlace");
        try (var _ = Grad.disabled()) {
            return copyFrom(mul(factor));
        }
    }

    // ---- views ----

    /** Same data with a new shape; one size may be -1. Needs a compatible layout (see {@link #reshape}). */
    public Tensor view(int... dims) {
        return Views.view(this, dims);
    }

    /** Same data with a new shape, a view when the layout allows and a copy otherwise; one size may be -1. */
    public Tensor reshape(int... dims) {
        return Views.reshape(this, dims);
    }

    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** Transpose of a matrix (rank &lt;= 2). */
    public Tensor t() {
        return Views.t(this);
    }

    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** The slice [start, start + length) along {@code dim}, as a view. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Elements start, start+step, ... below end along {@code dim}, as a view. */
    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** Index {@code index} of dim {@code dim}, removing that dim (a view). */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Broadcasts size-1 dims (and new leading dims) to the given sizes without copying; -1 keeps a size. */
    public Tensor expand(int... dims) {
        return Views.expand(this, dims);
    }

    /** Removes every size-1 dim. */
    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    /** Removes dim {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Flattens to one dim. */
    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /** Flattens dims startDim..endDim (inclusive) into one. */
    /** Dims startDim..last merged into one (PyTorch's flatten(start_dim)). */
    public Tensor flatten(int startDim) {
        return Views.flatten(this, startDim, -1);
    }

    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** This tensor if already contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return Views.contiguous(this);
    }

    // ---- conversion ----

    /** This tensor converted to {@code dtype} (itself when it already has it). Differentiable between floats. */
    public Tensor to(DType dtype) {
        return Convert.to(this, dtype);
    }

    /** A contiguous copy (differentiable). */
    @Override
    public Tensor clone() {
        return Convert.copy(this);
    }

    // ---- elementwise arithmetic (broadcasting) ----

    public Tensor add(Tensor other) {
        return Binary.add(this, other);
    }

    public Tensor add(double value) {
        return Binary.add(this, scalarLike(value));
    }

    public Tensor sub(Tensor other) {
        return Binary.sub(this, other);
    }

    public Tensor sub(double value) {
        return Binary.sub(this, scalarLike(value));
    }

    public Tensor mul(Tensor other) {
        return Binary.mul(this, other);
    }

    public Tensor mul(double value) {
        return Binary.mul(this, scalarLike(value));
    }

    public Tensor div(Tensor other) {
        return Binary.div(this, other);
    }

    public Tensor div(double value) {
        return Binary.div(this, scalarLike(value));
    }

    /** this ^ exponent, elementwise with broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Binary.pow(this, exponent);
    }

    public Tensor pow(double exponent) {
        return Unary.pow(this, exponent);
    }

    /** Elementwise minimum (PyTorch's {@code minimum}). */
    public Tensor minimum(Tensor other) {
        return Binary.minimum(this, other);
    }

    /** Elementwise maximum (PyTorch's {@code maximum}). */
    public Tensor maximum(Tensor other) {
        return Binary.maximum(this, other);
    }

    private Tensor scalarLike(double value) {
        return full(value, dtype());
    }

    // ---- comparisons (no gradient; 1 where true, 0 where false, in this tensor's dtype) ----

    public Tensor eq(Tensor other) {
        return Binary.eq(this, other);
    }

    public Tensor eq(double value) {
        return Binary.eq(this, scalarLike(value));
    }

    public Tensor ne(Tensor other) {
        return Binary.ne(this, other);
    }

    public Tensor lt(Tensor other) {
        return Binary.lt(this, other);
    }

    public Tensor lt(double value) {
        return Binary.lt(this, scalarLike(value));
    }

    public Tensor le(Tensor other) {
        return Binary.le(this, other);
    }

    public Tensor gt(Tensor other) {
        return Binary.gt(this, other);
    }

    public Tensor gt(double value) {
        return Binary.gt(this, scalarLike(value));
    }

    public Tensor ge(Tensor other) {
        return Binary.ge(this, other);
    }

    // ---- elementwise math ----

    public Tensor neg() {
        return Unary.neg(this);
    }

    public Tensor exp() {
        return Unary.exp(this);
    }

    public Tensor log() {
        return Unary.log(this);
    }

    public Tensor sqrt() {
        return Unary.sqrt(this);
    }

    public Tensor rsqrt() {
        return Unary.rsqrt(this);
    }

    public Tensor abs() {
        return Unary.abs(this);
    }

    /** -1, 0 or 1 (zero gradient). */
    public Tensor sign() {
        return Unary.sign(this);
    }

    public Tensor clamp(double min, double max) {
        return Unary.clamp(this, min, max);
    }

    // ---- activations ----

    /** Heaviside step, 1 where x > 0 else 0: the perceptron's activation (zero gradient). */
    public Tensor step() {
        return Unary.step(this);
    }

    public Tensor sigmoid() {
        return Unary.sigmoid(this);
    }

    public Tensor tanh() {
        return Unary.tanh(this);
    }

    public Tensor relu() {
        return Unary.relu(this);
    }

    public Tensor leakyRelu(double negativeSlope) {
        return Unary.leakyRelu(this, negativeSlope);
    }

    public Tensor elu(double alpha) {
        return Unary.elu(this, alpha);
    }

    public Tensor gelu() {
        return Unary.gelu(this);
    }

    public Tensor softplus() {
        return Unary.softplus(this);
    }

    public Tensor softmax(int dim) {
        return Softmax.softmax(this, dim);
    }

    public Tensor logSoftmax(int dim) {
        return Softmax.logSoftmax(this, dim);
    }

    // ---- reductions ----

    /** Sum of all elements (0-d). */
    public Tensor sum() {
        return Reduce.sum(this, null, false);
    }

    public Tensor sum(int dim) {
        return Reduce.sum(this, new int[] {dim}, false);
    }

    public Tensor sum(int[] dims, boolean keepdim) {
        return Reduce.sum(this, dims, keepdim);
    }

    public Tensor mean() {
        return Reduce.mean(this, null, false);
    }

    public Tensor mean(int dim) {
        return Reduce.mean(this, new int[] {dim}, false);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return Reduce.mean(this, dims, keepdim);
    }

    /** Maximum of all elements; the gradient is shared evenly among tied maxima. */
    public Tensor max() {
        return Reduce.max(this, null, false);
    }

    /** Maximum over dims (PyTorch's {@code amax}); the gradient is shared evenly among tied maxima. */
    public Tensor max(int[] dims, boolean keepdim) {
        return Reduce.max(this, dims, keepdim);
    }

    public Tensor min() {
        return Reduce.min(this, null, false);
    }

    public Tensor min(int[] dims, boolean keepdim) {
        return Reduce.min(this, dims, keepdim);
    }

    /** INT64 index of the first maximum over the flattened tensor. */
    public Tensor argmax() {
        return Reduce.argmax(this, null, false);
    }

    /** INT64 indices of the first maximum along {@code dim}. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reduce.argmax(this, dim, keepdim);
    }

    public Tensor argmin() {
        return Reduce.argmin(this, null, false);
    }

    public Tensor argmin(int dim, boolean keepdim) {
        return Reduce.argmin(this, dim, keepdim);
    }

    /** Variance over dims with Bessel's correction (PyTorch's default, correction = 1). */
    public Tensor var(int[] dims, boolean keepdim) {
        return Reduce.var(this, dims, 1, keepdim);
    }

    /** Variance over dims divided by (N - correction). */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Reduce.var(this, dims, correction, keepdim);
    }

    public Tensor std(int[] dims, boolean keepdim) {
        return Reduce.std(this, dims, 1, keepdim);
    }

    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return Reduce.std(this, dims, correction, keepdim);
    }

    /** log(sum(exp(x))) over dims, computed stably. */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reduce.logsumexp(this, dims, keepdim);
    }

    // ---- linear algebra ----

    /** Matrix product with PyTorch's {@code matmul} rules (1-d, 2-d, batched with broadcasting). */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    // ---- indexing and joining ----

    public Tensor gather(int dim, Tensor index) {
        return Index.gather(this, dim, index);
    }

    /** A copy of this with src added at {@code index} along {@code dim}. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Index.scatterAdd(this, dim, index, src);
    }

    public Tensor indexSelect(int dim, Tensor index) {
        return Index.indexSelect(this, dim, index);
    }

    /** value where mask is non-zero (mask broadcast to this shape), this elsewhere. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Index.maskedFill(this, mask, value);
    }

    /**
     * The upper triangle of the last two dims: elements (i, j) with j - i &gt;= diagonal kept, the rest 0 (PyTorch's
     * torch.triu). {@code triu(1)} of a matrix of -inf is the additive causal mask.
     */
    public Tensor triu(int diagonal) {
        return Index.triangle(this, diagonal, true);
    }

    /** The lower triangle of the last two dims: elements with j - i &lt;= diagonal kept, the rest 0 (torch.tril). */
    public Tensor tril(int diagonal) {
        return Index.triangle(this, diagonal, false);
    }

    /** Pieces of at most {@code size} along {@code dim} (views). */
    public List<Tensor> split(int size, int dim) {
        return Join.split(this, size, dim);
    }

    /** {@code chunks} pieces of (nearly) equal size along {@code dim} (views). */
    public List<Tensor> chunk(int chunks, int dim) {
        return Join.chunk(this, chunks, dim);
    }

    /** Constant padding; {@code pads} lists (before, after) pairs starting from the last dim, as PyTorch's F.pad. */
    public Tensor pad(int[] pads, double value) {
        return Pad.pad(this, pads, value);
    }

    /** Concatenates tensors of equal shape except along {@code dim}. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Join.cat(tensors, dim);
    }

    /** Stacks tensors of equal shape along a new dim {@code dim}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Join.stack(tensors, dim);
    }

    /** a where cond is non-zero, b elsewhere (all three broadcast together). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Index.where(cond, a, b);
    }

    /** 1-of-N encoding: an INT64 tensor of shape index.shape + (numClasses). */
    public static Tensor oneHot(Tensor index, int numClasses) {
        return Index.oneHot(index, numClasses);
    }

    // ---- printing and comparison ----

    /** True when shapes match and every |a - b| &lt;= atol + rtol * |b|. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            boolean bothNaN = Double.isNaN(a[i]) && Double.isNaN(b[i]);
            if (!bothNaN && !(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}

package dev.dendrite.tensor;

/**
 * Element types a tensor can hold. FLOAT32 is the working precision (fast kernels); FLOAT64 is the reference
 * precision (reference kernels, gradient checks); INT64 holds indices and labels.
 */
public enum DType {
    FLOAT32(4, true),
    FLOAT64(8, true),
    INT64(8, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for FLOAT32 and FLOAT64: the types that carry gradients. */
    public boolean isFloating() {
        return floating;
    }

    /** The lower-case name PyTorch prints, e.g. {@code float32}. */
    public String torchName() {
        return name().toLowerCase();
    }
}

package dev.dendrite.kernels;

/**
 * The geometry of one scaled dot-product attention call, shared by the fast and reference kernels: {@code heads}
 * independent (query, key, value) triples (every leading index of the op's inputs), each with {@code queries}
 * query rows and {@code keys} key and value rows, query and key vectors of {@code dim} values, value vectors of
 * {@code valueDim}. Each operand is read in place through per-head offsets and a row and column stride, so a
 * head split of a (B, T, H * d) projection costs no copy.
 */
public record AttentionShape(int heads, int queries, int keys, int dim, int valueDim) {

    /** Where one operand's heads live: head n's element (row, col) is at offsets[n] + row * rowStride + col * colStride. */
    public record Operand(int[] offsets, int rowStride, int colStride) {
        int at(int head, int row, int col) {
            return offsets[head] + row * rowStride + col * colStride;
        }
    }
}

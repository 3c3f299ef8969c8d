/**
 * Raw loops over arrays that know nothing of tensors: reference kernels (double, scalar: the specification) and
 * fast kernels (float, Vector API, a worker pool), each fast one tested against its reference. Not exported from
 * the module: the ops are their interface.
 * <p>
 * In a hot loop, a vector should not be passed to, or returned from, a method of ours: C2 stops inlining at a node
 * count that the Vector API's many small methods reach quickly, and a vector crossing a call it did not inline is
 * boxed, an allocation per operation (see {@link dev.dendrite.kernels.Winograd}). Helpers take and return arrays
 * and indices.
 */
package dev.dendrite.kernels;

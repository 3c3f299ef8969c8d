/**
 * Raw loops over arrays that know nothing of tensors: reference kernels (double, scalar: the specification) and
 * fast kernels (float, Vector API, a worker pool), each fast one tested against its reference. Not exported from
 * the module: the ops are their interface.
 */
package dev.dendrite.kernels;

package dev.dendrite.kernels;

/**
 * The elementwise functions that have a kernel, including the derivative helpers gradient rules use. p and q are
 * the function's scalar parameters where it has any (exponent, slope, alpha, clamp bounds).
 */
public enum UnaryKind {
    NEG, EXP, LOG, SQRT, RSQRT, ABS, SIGN, RECIPROCAL,
    /** x^p. */
    POW,
    /** min(max(x, p), q). */
    CLAMP,
    /** 1 where p <= x <= q, else 0: clamp's derivative. */
    CLAMP_GRAD,
    /** Heaviside step: 1 where x > 0, else 0 (the perceptron's activation). */
    STEP,
    SIGMOID, TANH, RELU,
    /** x > 0 ? x : p * x. */
    LEAKY_RELU,
    /** x > 0 ? 1 : p. */
    LEAKY_RELU_GRAD,
    /** x > 0 ? x : p * (exp(x) - 1). */
    ELU,
    /** x > 0 ? 1 : p * exp(x). */
    ELU_GRAD,
    /** x * Phi(x), Phi the standard normal CDF (exact, erf-based, as PyTorch's default). */
    GELU,
    /** Phi(x) + x * phi(x). */
    GELU_GRAD,
    /** log(1 + exp(x)), linear above 20 as PyTorch. */
    SOFTPLUS
}

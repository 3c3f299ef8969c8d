// Argument checks shared by ops, each throwing a typed error that names the op and what it expected.
package dev.dendrite.ops;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.DTypeException;
import dev.dendrite.tensor.Tensor;

final class Checks {
    private Checks() {}

    static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new DTypeException(op + ": operands have different dtypes " + a.dtype() + " and " + b.dtype()
                    + "; convert one with .to(DType." + a.dtype() + ")");
        }
    }

    static void floating(String op, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new DTypeException(op + ": expected a FLOAT32 or FLOAT64 tensor, got " + t.dtype() + " of shape "
                    + t.shape() + "; convert with .to(DType.FLOAT32)");
        }
    }

    static void int64(String op, String what, Tensor t) {
        if (t.dtype() != DType.INT64) {
            throw new DTypeException(op + ": " + what + " must be INT64, got " + t.dtype() + " of shape " + t.shape()
                    + "; convert with .to(DType.INT64)");
        }
    }
}

package dev.dendrite.federated;

import dev.dendrite.io.Safetensors;
import dev.dendrite.io.SafetensorsException;
import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Tensor;

import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A message between the federated server and a client: safetensors bytes whose metadata carries the round, the
 * client and small fields (keys and sealed shares in base64, Shamir shares in hex) and whose tensors carry the
 * model or a masked update. Reading checks every field before it is used and throws a {@link Rejected} that says
 * what was wrong, which the server logs and answers with its HTTP status.
 */
public record WireMessage(long round, int client, Map<String, String> fields, Map<String, Tensor> tensors) {
    /** A message refused, with the HTTP status to answer and the reason to log. */
    public static final class Rejected extends SecureAggregationException {
        private final int status;

        public Rejected(int status, String reason) {
            super(reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public WireMessage {
        fields = Map.copyOf(fields);
        tensors = new LinkedHashMap<>(tensors);
    }

    /** The safetensors bytes of this message. */
    public byte[] encode() {
        Map<String, String> metadata = new TreeMap<>(fields);
        metadata.put("round", Long.toString(round));
        metadata.put("client", Integer.toString(client));
        return Safetensors.encode(tensors, metadata);
    }

    /** The message in {@code bytes}, at most {@code maxBytes} long. */
    public static WireMessage decode(byte[] bytes, long maxBytes) {
        if (bytes.length > maxBytes) {
            throw new Rejected(413, bytes.length + " bytes, over the limit of " + maxBytes);
        }
        Safetensors.Contents contents;
        try {
            contents = Safetensors.decode(bytes, "message");
        } catch (SafetensorsException | IllegalArgumentException e) {
            throw new Rejected(400, "not a safetensors message (" + e.getMessage() + ")");
        }
        Map<String, String> fields = new TreeMap<>(contents.metadata());
        String round = fields.remove("round");
        String client = fields.remove("client");
        try {
            return new WireMessage(Long.parseLong(String.valueOf(round)), Integer.parseInt(String.valueOf(client)),
                    fields, contents.tensors());
        } catch (NumberFormatException e) {
            throw new Rejected(400, "the message carries no numeric round and client");
        }
    }

    /** A required text field. */
    public String text(String name) {
        String v = fields.get(name);
        if (v == null) throw new Rejected(400, "missing field '" + name + "'");
        return v;
    }

    /** A required integer field within [min, max]. */
    public long number(String name, long min, long max) {
        try {
            long v = Long.parseLong(text(name));
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Rejected(400, "field '" + name + "' must be an integer in [" + min + ", " + max + "]");
    }

    /** A required finite decimal field. */
    public double real(String name) {
        try {
            double v = Double.parseDouble(text(name));
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Rejected(400, "field '" + name + "' must be a finite number");
    }

    /** A required base64 field of at most {@code maxBytes} decoded bytes. */
    public byte[] bytes(String name, int maxBytes) {
        try {
            byte[] v = Base64.getDecoder().decode(text(name));
            if (v.length <= maxBytes) return v;
            throw new Rejected(400, "field '" + name + "' holds " + v.length + " bytes, at most " + maxBytes);
        } catch (IllegalArgumentException e) {
            throw new Rejected(400, "field '" + name + "' is not base64");
        }
    }

    /** A required hexadecimal field holding a number of the Shamir field. */
    public BigInteger fieldElement(String name) {
        try {
            BigInteger v = new BigInteger(text(name), 16);
            if (v.signum() >= 0 && v.compareTo(Shamir.PRIME) < 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Rejected(400, "field '" + name + "' is not a hexadecimal number of the share field");
    }

    /** A required INT64 vector of exactly {@code length} values in the 32-bit range, as ring elements. */
    public int[] ringVector(String name, int length) {
        Tensor t = tensors.get(name);
        if (t == null || t.dtype() != DType.INT64 || t.rank() != 1 || t.size(0) != length) {
            throw new Rejected(400, "tensor '" + name + "' must be INT64 of shape [" + length + "], got "
                    + (t == null ? "none" : t.dtype() + " " + t.shape()));
        }
        long[] values = t.toLongArray();
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            if (values[i] < Integer.MIN_VALUE || values[i] > Integer.MAX_VALUE) {
                throw new Rejected(400, "tensor '" + name + "' holds " + values[i] + " at " + i
                        + ", outside the 32-bit ring");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    /** A ring vector as the INT64 tensor a message carries. */
    public static Tensor ringTensor(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return Tensor.fromArray(out, values.length);
    }

    /** Bytes as base64 text. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

package dev.dendrite.data;

import dev.dendrite.tensor.DType;
import dev.dendrite.tensor.Shape;
import dev.dendrite.tensor.Storage;
import dev.dendrite.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (LeCun): magic 0x00 0x00 type rank, then rank big-endian
 * int32 sizes, then the data big-endian. Plain or gzipped (detected from the first two bytes).
 */
public final class Idx {
    private Idx() {}

    /**
     * Opens a file, transparently un-gzipping it when it starts with the gzip magic bytes; corrupt or truncated
     * gzip data reads as a DataFormatException naming the file.
     */
    static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": is a directory, expected a file");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return in;
        }
        InputStream gzip = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        return new FilterInputStream(gzip) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (ZipException | EOFException e) {
                    throw corrupt(file, e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (ZipException | EOFException e) {
                    throw corrupt(file, e);
                }
            }
        };
    }

    private static DataFormatException corrupt(Path file, IOException e) {
        return new DataFormatException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")");
    }

    /**
     * Reads an IDX file into a tensor: unsigned bytes become FLOAT32 values 0..255 when {@code asFloat}, else INT64;
     * the other element types (int8, int16, int32, float32, float64) keep their values.
     */
    public static Tensor read(Path file, boolean asFloat) throws IOException {
        try (DataInputStream in = new DataInputStream(open(file))) {
            long offset = 0;
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(file + ": shorter than the 4-byte IDX magic number");
            }
            offset += 4;
            int type = (magic >>> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || rank == 0 || rank > 8) {
                throw new DataFormatException(file + ": byte 0: not an IDX file (magic 0x"
                        + Integer.toHexString(magic) + "; expected 0x000008NN for unsigned bytes)");
            }
            int elementBytes = switch (type) {
                case 0x08, 0x09 -> 1;
                case 0x0B -> 2;
                case 0x0C, 0x0D -> 4;
                case 0x0E -> 8;
                default -> throw new DataFormatException(file + ": byte 2: unknown IDX element type 0x" + Integer.toHexString(type));
            };
            int[] dims = new int[rank];
            long count = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = in.readInt();
                if (dims[d] < 0) {
                    throw new DataFormatException(file + ": byte " + offset + ": negative size " + dims[d]);
                }
                offset += 4;
                count *= dims[d];
                if (count > Integer.MAX_VALUE) {
                    throw new DataFormatException(file + ": sizes " + java.util.Arrays.toString(dims) + " exceed 2^31-1 elements");
                }
            }
            DType dtype = asFloat || type != 0x08 ? DType.FLOAT32 : DType.INT64;
            if (type == 0x0E) {
                dtype = DType.FLOAT64;
            }
            Tensor out = Tensor.empty(dtype, dims);
            Storage s = out.storage();
            int n = (int) count;
            byte[] raw = new byte[Math.min(n * elementBytes, 1 << 20)];
            int done = 0;
            while (done < n) {
                int chunk = Math.min(n - done, raw.length / elementBytes);
                int got = in.readNBytes(raw, 0, chunk * elementBytes);
                if (got < chunk * elementBytes) {
                    throw new DataFormatException(file + ": byte " + (offset + (long) done * elementBytes + got)
                            + ": file ends early; the header promises " + n + " elements of shape " + Shape.of(dims));
                }
                var buf = java.nio.ByteBuffer.wrap(raw, 0, chunk * elementBytes);
                for (int i = 0; i < chunk; i++) {
                    double v = switch (type) {
                        case 0x08 -> buf.get() & 0xff;
                        case 0x09 -> buf.get();
                        case 0x0B -> buf.getShort();
                        case 0x0C -> buf.getInt();
                        case 0x0D -> buf.getFloat();
                        default -> buf.getDouble();
                    };
                    s.set(done + i, v);
                }
                done += chunk;
            }
            if (in.read() != -1) {
                throw new DataFormatException(file + ": byte " + (offset + (long) n * elementBytes)
                        + ": unexpected data after the " + n + " elements the header declares");
            }
            return out;
        }
    }

    /** The train and test splits of an IDX image set. */
    public record ImageSet(TensorDataset train, TensorDataset test) {}

    /**
     * Loads a directory with the four standard MNIST file names ({train,t10k}-{images-idx3,labels-idx1}-ubyte, each
     * optionally .gz): images as FLOAT32 (N, 1, H, W) scaled to [0, 1], labels INT64 (N).
     */
    public static ImageSet loadImageSet(Path dir) throws IOException {
        return new ImageSet(split(dir, "train"), split(dir, "t10k"));
    }

    private static TensorDataset split(Path dir, String prefix) throws IOException {
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        Tensor x = read(images, true);
        Tensor y = read(labels, false);
        if (x.rank() != 3 || y.rank() != 1 || x.size(0) != y.size(0)) {
            throw new DataFormatException(images + " and " + labels + ": expected images (N, H, W) and labels (N), got "
                    + x.shape() + " and " + y.shape());
        }
        return new TensorDataset(x.div(255).unsqueeze(1), y);
    }

    private static Path find(Path dir, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException(dir + ": missing " + name + " (or " + name + ".gz); an IDX image set needs"
                + " train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte");
    }
}

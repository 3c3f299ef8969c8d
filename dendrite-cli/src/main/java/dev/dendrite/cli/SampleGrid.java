// Generated images as one PNG grid: images (B, C, H, W) in [0, 1], grey for one channel and RGB for three, laid out
// in rows of ceil(sqrt(B)) with a 2-pixel gap, each pixel drawn as a scale x scale block so small digits are
// visible (Java2D, headless). Also the fixed noise batch a GAN run draws its per-epoch grids from.
package dev.dendrite.cli;

import dev.dendrite.io.AtomicFile;
import dev.dendrite.models.registry.ImageGenerator;
import dev.dendrite.tensor.Generator;
import dev.dendrite.tensor.ShapeException;
import dev.dendrite.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

final class SampleGrid {
    private static final int GAP = 2;

    private SampleGrid() {}

    /** {@code count} images of {@code model} from noise seeded by {@code seed}; labels cycle 0, 1, ... or are {@code label}. */
    static Tensor draw(ImageGenerator model, int count, long seed, Integer label) {
        Tensor noise = Tensor.randn(new Generator(seed), count, model.noiseSize());
        Tensor labels = null;
        if (model.classes() > 0) {
            long[] l = new long[count];
            for (int i = 0; i < count; i++) l[i] = label != null ? label : i % model.classes();
            labels = Tensor.fromArray(l, count);
        }
        return model.generate(noise, labels);
    }

    static void write(Tensor images, Path png) throws IOException {
        if (images.rank() != 4 || !(images.size(1) == 1 || images.size(1) == 3)) {
            throw new ShapeException("sample grid: expected images (B, 1 or 3, H, W), got " + images.shape());
        }
        int b = images.size(0);
        int c = images.size(1);
        int h = images.size(2);
        int w = images.size(3);
        int scale = Math.max(1, 56 / Math.max(h, w));
        int columns = (int) Math.ceil(Math.sqrt(b));
        int rows = (b + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * (w * scale + GAP) + GAP, rows * (h * scale + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        float[] v = images.contiguous().toFloatArray();
        for (int n = 0; n < b; n++) {
            int left = GAP + (n % columns) * (w * scale + GAP);
            int top = GAP + (n / columns) * (h * scale + GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int k = 0; k < 3; k++) {
                        float value = v[((n * c + (c == 1 ? 0 : k)) * h + y) * w + x];
                        rgb = rgb << 8 | Math.round(255 * Math.max(0, Math.min(1, value)));
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) image.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        AtomicFile.write(png, out.toByteArray());
    }
}

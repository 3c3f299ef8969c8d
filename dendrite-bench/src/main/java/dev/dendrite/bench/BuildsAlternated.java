// Two builds of Dendrite in one JVM, their steps alternated: the comparison of a change that this VM's drift (up
// to 2x between minutes) does not swamp. Each build's class directories load in their own class loader, with this
// module's classes (for Workload) after them; after a warm-up, pairs of steps run in alternating order and the
// median of the per-pair ratios B / A is printed with its quartiles. The same build against itself gave 0.995
// (session 19). Run by scripts/ab.sh; not a test.
package dev.dendrite.bench;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class BuildsAlternated {
    private static final double WARM_UP_SECONDS = 6;

    private BuildsAlternated() {}

    /** Args: CLASSPATH_A CLASSPATH_B WORKLOAD [SECONDS] (class paths separated by the path separator). */
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: BuildsAlternated CLASSPATH_A CLASSPATH_B WORKLOAD [SECONDS]");
            System.exit(2);
        }
        double seconds = args.length == 4 ? Double.parseDouble(args[3]) : 20;
        Runnable[] steps = {step(args[0], args[2]), step(args[1], args[2])};
        long end = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
        while (System.nanoTime() < end) {
            steps[0].run();
            steps[1].run();
        }
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        end = System.nanoTime() + (long) (seconds * 1e9);
        for (int pair = 0; System.nanoTime() < end; pair++) {
            double[] ms = new double[2];
            for (int k = 0; k < 2; k++) {
                int which = (pair + k) % 2;
                long t0 = System.nanoTime();
                steps[which].run();
                ms[which] = (System.nanoTime() - t0) / 1e6;
            }
            a.add(ms[0]);
            b.add(ms[1]);
            ratios.add(ms[1] / ms[0]);
        }
        System.out.printf("%s: A %.3f ms, B %.3f ms (medians); B / A per pair: median %.3f, quartiles %.3f-%.3f,"
                + " %d pairs%n", args[2], quantile(a, 0.5), quantile(b, 0.5), quantile(ratios, 0.5),
                quantile(ratios, 0.25), quantile(ratios, 0.75), ratios.size());
    }

    /** The workload's step built by one build's classes in their own loader. */
    private static Runnable step(String classPath, String workload) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            urls.add(url(entry));
        }
        urls.add(BuildsAlternated.class.getProtectionDomain().getCodeSource().getLocation());
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        return (Runnable) loader.loadClass(Workload.class.getName()).getMethod("create", String.class)
                .invoke(null, workload);
    }

    private static URL url(String entry) throws MalformedURLException {
        return Path.of(entry).toUri().toURL();
    }

    private static double quantile(List<Double> values, double q) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}

// The layers of the house (ARCHITECTURE.md) as a test: every main source file of every module may refer (by
// import or by a qualified name) only to Dendrite packages of its own layer or below, and the raw kernels only
// to the ops, the optimizers and the benchmarks. Tensor, autograd and ops form one layer: Tensor's methods are a
// facade over the ops, and the ops record into the graph.
package dev.dendrite.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureTest {
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("kernels", 0), Map.entry("memory", 0), Map.entry("", 1),
            Map.entry("tensor", 1), Map.entry("autograd", 1), Map.entry("ops", 1),
            Map.entry("nn", 2), Map.entry("optim", 2), Map.entry("io", 2),
            Map.entry("data", 3), Map.entry("train", 3),
            Map.entry("models", 4), Map.entry("models.registry", 4), Map.entry("models.bench", 4),
            Map.entry("federated", 4), Map.entry("spark", 4),
            Map.entry("cli", 5),
            Map.entry("bench", 6), Map.entry("examples", 6));
    private static final Set<String> KERNEL_USERS = Set.of("", "kernels", "ops", "optim", "bench");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.dendrite\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    private static String packageOf(Path file, Path root) {
        return root.relativize(file.getParent()).toString().replace('/', '.').replaceFirst("^dev\\.dendrite\\.?", "");
    }

    @Test
    void importsPointDownTheLayers() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("dendrite-")).toList()) {
                Path root = module.resolve("src/main/java");
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> sources = Files.walk(root)) {
                    for (Path file : sources.filter(f -> f.toString().endsWith(".java")
                            && !f.getFileName().toString().equals("module-info.java")).toList()) {
                        files++;
                        String own = packageOf(file, root);
                        assertTrue(LAYER.containsKey(own), "package " + own + " of " + file + " has no layer here");
                        Matcher m = REFERENCE.matcher(Files.readString(file));
                        while (m.find()) {
                            String used = m.group(1);
                            Integer layer = LAYER.get(used);
                            if (layer == null) {
                                violations.add(file + " refers to unknown package " + used);
                            } else if (layer > LAYER.get(own)) {
                                violations.add(file + " (" + own + ") refers up to " + used);
                            } else if (used.equals("kernels") && !KERNEL_USERS.contains(own)) {
                                violations.add(file + " (" + own + ") uses the raw kernels; go through ops");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(files > 150, "found only " + files + " source files: run from a module directory");
        assertEquals(List.of(), violations);
    }
}

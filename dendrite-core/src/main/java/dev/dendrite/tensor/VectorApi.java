// The fast kernels are written with the JDK's incubating Vector API, which a JVM loads only when asked
// (--add-modules jdk.incubator.vector). Checked once, when the first tensor class loads, so a missing option is
// one message saying what to add instead of a NoClassDefFoundError deep inside a kernel.
package dev.dendrite.tensor;

final class VectorApi {
    private VectorApi() {}

    /** Throws an IllegalStateException naming the JVM option to add when the Vector API is not loaded. */
    static void require() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector", false, VectorApi.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Dendrite needs the JDK's Vector API, which the JVM loads only when asked:"
                    + " add --add-modules jdk.incubator.vector to the java command (JDK 25 or newer; Maven Surefire:"
                    + " <argLine>--add-modules jdk.incubator.vector</argLine>; Gradle: jvmArgs '--add-modules',"
                    + " 'jdk.incubator.vector'; see the README's \"Use as a library\")");
        }
    }
}

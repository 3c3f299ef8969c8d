// The core library: tensors, autograd, ops, modules, optimizers, I/O, data and the training loop, on the JDK
// alone. The raw kernels are the ops' implementation and are not exported: the benchmark module, which is no
// named module (JMH runs it from the class path), is the only code that calls them directly.
module dev.dendrite.core {
    requires jdk.incubator.vector;

    exports dev.dendrite;
    exports dev.dendrite.tensor;
    exports dev.dendrite.autograd;
    exports dev.dendrite.ops;
    exports dev.dendrite.nn;
    exports dev.dendrite.optim;
    exports dev.dendrite.io;
    exports dev.dendrite.data;
    exports dev.dendrite.train;
}

package io.stratumpool.sim;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One simulator runtime for all tests of a class, registered as
 * {@code @RegisterExtension static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 1);}:
 * started before the class's first test, closed after its last.
 */
final class SharedSimRuntime implements BeforeAllCallback, AfterAllCallback {
    private final int ioThreads;
    private final int hashThreads;
    private SimRuntime runtime;

    SharedSimRuntime(int ioThreads, int hashThreads) {
        this.ioThreads = ioThreads;
        this.hashThreads = hashThreads;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = new SimRuntime(ioThreads, hashThreads);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        runtime.close();
        runtime = null;
    }

    SimRuntime get() {
        if (runtime == null) {
            throw new IllegalStateException("no runtime outside the test class (register the fixture as a static field)");
        }
        return runtime;
    }
}

package dev.polycloud.conformance;

import dev.polycloud.conformance.handlers.Recorder;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.function.Functions;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What the function and trigger suites share: the two extension points a runner may override
 * and the capability checks every such test starts with.
 */
public abstract class FunctionSuiteSupport extends ConformanceSuite {

    // ---------------------------------------------------------------- extension points

    /**
     * Whether deployed handlers run in this JVM, so that what they record in the static
     * {@link Recorder} is visible to the test. True for the local provider; a runner for a
     * provider that runs handlers remotely returns false, and the tests that need the recorder
     * are skipped with that reason (they are never passed without checking).
     *
     * @return true when handlers run in-process
     */
    protected boolean handlersRunInProcess() {
        return true;
    }

    /**
     * The code artifact (a jar holding {@code dev.polycloud.conformance.handlers}) that deployed
     * functions name; empty when the runtime has the handlers on its classpath (local provider).
     *
     * @return the artifact, if any
     */
    protected Optional<Path> handlerArtifact() {
        return Optional.empty();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The provider's function capabilities.
     *
     * @return the capabilities
     */
    protected FunctionCapabilities caps() {
        return capabilities().functions();
    }

    /**
     * The functions client, after checking that the provider declares functions.
     *
     * @return the client
     */
    protected Functions functions() {
        Assumptions.assumeTrue(caps().supported(), "provider does not declare the functions capability");
        return cloud.functions();
    }

    /** Skips the test unless handlers run in this JVM. */
    protected void assumeInProcess() {
        Assumptions.assumeTrue(handlersRunInProcess(), "this test observes handlers through the in-JVM Recorder, "
                + "which needs handlers running in-process (handlersRunInProcess() is false for this target)");
    }
}

package dev.polycloud.conformance.gcp;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Skips (never passes) a test that reaches a limit of the emulator the provider itself reports:
 * an {@link ErrorCode#UNIMPLEMENTED} whose message names the emulator, such as approximate depth,
 * which comes from Cloud Monitoring on Google Cloud and does not exist on the Pub/Sub emulator.
 */
public final class EmulatorLimits implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (throwable instanceof CloudException e && e.code() == ErrorCode.UNIMPLEMENTED
                && e.getMessage() != null && e.getMessage().contains("emulator")) {
            throw new TestAbortedException("Limit of the emulator: " + e.getMessage(), e);
        }
        throw throwable;
    }
}

package dev.polycloud.conformance.aws;

import dev.polycloud.emulators.MotoServer;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the tests that invoke functions that do not exist with moto's Lambda in its Docker mode,
 * the only mode in which moto checks that the function exists (its Docker-less mode answers any
 * name). No Docker is involved: the function is missing, so moto answers NOT_FOUND before running
 * anything. Every other test runs in the Docker-less mode.
 */
public final class MotoLambdaMode implements BeforeEachCallback, AfterEachCallback {

    private static final Set<String> MISSING_FUNCTION_TESTS = Set.of(
            "dev.polycloud.conformance.FunctionConformance$Failures#unknownFunction",
            "dev.polycloud.conformance.FunctionConformance$Async#asyncUnknown");

    @Override
    public void beforeEach(ExtensionContext context) {
        if (applies(context)) {
            MotoServer.shared().lambdaUsesDocker(true);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (applies(context)) {
            MotoServer.shared().lambdaUsesDocker(false);
        }
    }

    private static boolean applies(ExtensionContext context) {
        return AwsTarget.INSTANCE.isMoto() && context.getTestMethod().map(m -> m.getDeclaringClass().getName() + "#"
                + m.getName()).filter(MISSING_FUNCTION_TESTS::contains).isPresent();
    }
}

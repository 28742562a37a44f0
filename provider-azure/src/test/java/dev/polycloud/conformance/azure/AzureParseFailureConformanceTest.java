package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.GarbageTarget;
import dev.polycloud.conformance.ParseFailureConformance;
import org.junit.jupiter.api.DisplayName;

/** The parse-failure suite on the azure provider against a server whose answers cannot be parsed. */
@DisplayName("azure against a server whose answers cannot be parsed: INTERNAL, not retried")
class AzureParseFailureConformanceTest extends ParseFailureConformance {

    private final GarbageTarget target = GarbageTarget.of("azure");

    @Override
    protected GarbageTarget target() {
        return target;
    }
}

package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.GarbageTarget;
import dev.polycloud.conformance.ParseFailureConformance;
import org.junit.jupiter.api.DisplayName;

/** The parse-failure suite on the aws provider against a server whose answers cannot be parsed. */
@DisplayName("aws against a server whose answers cannot be parsed: INTERNAL, not retried")
class AwsParseFailureConformanceTest extends ParseFailureConformance {

    private final GarbageTarget target = GarbageTarget.of("aws");

    @Override
    protected GarbageTarget target() {
        return target;
    }
}

package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConfigConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The configuration-typo suite on the aws provider. */
@DisplayName("aws: misspelled configuration is refused")
class AwsConfigConformanceTest extends ConfigConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }
}

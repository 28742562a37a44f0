package dev.polycloud.conformance.local;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;

/** The bucket-event suite on the local provider with {@code bucket-events} withdrawn: the binding is UNIMPLEMENTED. */
@DisplayName("local without bucket-events: bucket events")
class LocalBlobEventConformanceWithoutCapabilityTest extends BlobEventConformance {

    private static final ConformanceTarget TARGET = new ConformanceTarget() {
        @Override
        public Cloud open() {
            return Polycloud.open(PolycloudConfig.builder().setAll(configuration().orElseThrow()).build());
        }

        @Override
        public Optional<Map<String, String>> configuration() {
            return Optional.of(Map.of(PolycloudConfig.PROVIDER, "local", "polycloud.local.disable", "bucket-events"));
        }

        @Override
        public String toString() {
            return "local without bucket-events";
        }
    };

    @Override
    protected ConformanceTarget target() {
        return TARGET;
    }
}

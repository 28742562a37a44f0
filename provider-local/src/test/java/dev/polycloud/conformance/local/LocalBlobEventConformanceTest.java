package dev.polycloud.conformance.local;

import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: bucket events")
class LocalBlobEventConformanceTest extends BlobEventConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}

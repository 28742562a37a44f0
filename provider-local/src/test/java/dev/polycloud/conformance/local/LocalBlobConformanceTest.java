package dev.polycloud.conformance.local;

import dev.polycloud.conformance.BlobConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local: object storage")
class LocalBlobConformanceTest extends BlobConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.INSTANCE;
    }
}

package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.BlobConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The shared object-storage suite on the AWS provider (S3 on moto, path-style, unless an endpoint is configured). */
@DisplayName("AWS: object storage conformance")
class AwsBlobConformanceTest extends BlobConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }

    @Override
    protected long largeObjectBytes() {
        return 256L << 20;
    }
}

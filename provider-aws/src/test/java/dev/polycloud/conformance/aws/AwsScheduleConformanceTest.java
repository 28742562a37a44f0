package dev.polycloud.conformance.aws;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ScheduleConformance;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;

/**
 * The shared schedule suite on the AWS provider: EventBridge Scheduler schedules targeting Lambda are
 * created, listed and deleted on moto (or the configured endpoint). moto does not fire schedules and
 * runs no handlers here, so the tick-sequence tests are skipped naming that.
 */
@DisplayName("AWS: scheduled triggers")
class AwsScheduleConformanceTest extends ScheduleConformance {

    @Override
    protected ConformanceTarget target() {
        return AwsTarget.INSTANCE;
    }

    @Override
    protected boolean handlersRunInProcess() {
        return false;
    }

    @Override
    protected Optional<Path> handlerArtifact() {
        return Optional.of(HandlerArtifact.path());
    }
}

package dev.polycloud.conformance.gcp;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ListenerConformance;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.gcp.internal.GcpSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared Listener suite on gcp (emulators) with {@value GcpSettings#PUBSUB_STREAMING} off: every
 * listener polls with Pull, as before StreamingPull became the default ({@link GcpListenerConformanceTest}
 * runs the suite on the stream).
 */
@DisplayName("gcp (emulators): listeners polling with Pull")
@ExtendWith(EmulatorLimits.class)
class GcpPollingListenerConformanceTest extends ListenerConformance {

    /** {@link GcpTarget} with streaming off. */
    private static final ConformanceTarget POLLING = new ConformanceTarget() {
        @Override
        public Cloud open() {
            return Polycloud.builder().config(PolycloudConfig.builder().setAll(config()).build())
                    .use(com.google.cloud.storage.Storage.class,
                            BucketBookkeepingStorage.wrap(LocalStorageHelper.getOptions().getService()))
                    .open();
        }

        @Override
        public Optional<Map<String, String>> configuration() {
            return Optional.of(config());
        }

        @Override
        public Duration shortLease() {
            return GcpTarget.INSTANCE.shortLease();
        }

        @Override
        public Duration patience() {
            return GcpTarget.INSTANCE.patience();
        }

        @Override
        public void close() {
            GcpTarget.INSTANCE.close();
        }

        private Map<String, String> config() {
            Map<String, String> config = new HashMap<>(GcpEmulators.get().config());
            config.put(GcpSettings.PUBSUB_STREAMING, "false");
            return config;
        }
    };

    @Override
    protected ConformanceTarget target() {
        return POLLING;
    }

    /** As {@link GcpListenerConformanceTest}: the emulator's 10-second minimum lease keeps the load small. */
    @Override
    protected int noLossMessages() {
        return 250;
    }
}

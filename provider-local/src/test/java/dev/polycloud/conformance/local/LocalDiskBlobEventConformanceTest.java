package dev.polycloud.conformance.local;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.BlobEventConformance;
import dev.polycloud.conformance.ConformanceTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;

/** The bucket-event suite on the local provider keeping object contents on disk ({@code polycloud.local.blob.dir}). */
@DisplayName("local with polycloud.local.blob.dir: bucket events")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalDiskBlobEventConformanceTest extends BlobEventConformance {

    private final Path dir;
    private final ConformanceTarget target;

    LocalDiskBlobEventConformanceTest() {
        try {
            dir = Files.createTempDirectory("polycloud-blob-events");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target = new ConformanceTarget() {
            @Override
            public Cloud open() {
                return Polycloud.open(PolycloudConfig.builder().provider("local")
                        .set("polycloud.local.blob.dir", dir.toString()).build());
            }

            @Override
            public String toString() {
                return "local on disk";
            }
        };
    }

    @Override
    protected ConformanceTarget target() {
        return target;
    }

    @AfterAll
    void removeDirectory() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}

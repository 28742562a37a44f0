package dev.polycloud.conformance.local;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.BlobConformance;
import dev.polycloud.conformance.ConformanceTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("local with polycloud.local.blob.dir: object storage on disk")
class LocalDiskBlobConformanceTest extends BlobConformance {

    private static final class DiskTarget implements ConformanceTarget {
        private final Path dir;

        DiskTarget() {
            try {
                dir = Files.createTempDirectory("polycloud-blobs");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Cloud open() {
            return Polycloud.open(PolycloudConfig.builder().provider("local")
                    .set("polycloud.local.blob.dir", dir.toString()).build());
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }

        @Override
        public String toString() {
            return "local on disk";
        }
    }

    private final DiskTarget target = new DiskTarget();

    @Override
    protected ConformanceTarget target() {
        return target;
    }

    @AfterAll
    void removeDirectory() {
        target.close();
    }

    @Override
    protected long largeObjectBytes() {
        return 256L << 20;
    }
}

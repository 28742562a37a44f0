package dev.polycloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A project that imports polycloud-bom and depends on the local and aws providers")
class ConsumerTest {

    @Test
    @DisplayName("opens the default cloud and sends and receives a message")
    void sendReceive() {
        try (Cloud cloud = Polycloud.open()) {
            assertThat(cloud.provider()).isEqualTo("local");
            Queue queue = cloud.queue("consumer").create();
            queue.send("hello from a consumer");
            List<ReceivedMessage> got = queue.receive(10, Duration.ofSeconds(1));
            assertThat(got).extracting(ReceivedMessage::bodyAsString).containsExactly("hello from a consumer");
            queue.ack(got);
        }
    }

    @Test
    @DisplayName("opens the aws provider from the BOM's SDK versions (clients are built lazily, no call is made)")
    void awsOpens() {
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.endpoint", "http://127.0.0.1:9")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test").build())) {
            assertThat(cloud.provider()).isEqualTo("aws");
        }
    }

    @Test
    @DisplayName("has no Guice on its class path")
    void noGuice() {
        assertThatThrownBy(() -> Class.forName("com.google.inject.Guice"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(Arrays.asList(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator)))
                .noneMatch(entry -> entry.contains("guice"));
    }

    @Test
    @DisplayName("gets jars that name their module in the manifest (Automatic-Module-Name)")
    void automaticModuleNames() throws Exception {
        assertThat(moduleName(Cloud.class)).isEqualTo("dev.polycloud");
        assertThat(moduleName(Class.forName("dev.polycloud.local.LocalCloudProvider"))).isEqualTo("dev.polycloud.local");
        assertThat(moduleName(Class.forName("dev.polycloud.aws.AwsCloudProvider"))).isEqualTo("dev.polycloud.aws");
    }

    private static String moduleName(Class<?> type) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(location),
                "the reactor resolved " + type.getSimpleName() + " to a classes directory (no jar before package)");
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        }
    }
}

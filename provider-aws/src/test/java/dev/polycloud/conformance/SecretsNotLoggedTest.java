package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Polycloud's own loggers never print a configured secret. A child JVM (so that every
 * {@code dev.polycloud} logger is created at TRACE, whatever ran before in this fork) opens the
 * local provider and the AWS provider on moto with an access key, a secret key and a session token
 * made up for this run, and goes through queue and table calls, a listener, a failing call and the
 * retries against a closed port; the test reads everything the child printed.
 *
 * <p>Vendor SDK loggers are kept at INFO: the AWS SDK's own DEBUG signer log prints the
 * {@code x-amz-security-token} header, which the README's security note warns about.
 */
@DisplayName("Polycloud's loggers at DEBUG never print a configured secret")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNotLoggedTest {

    private static final String ACCESS_KEY = "AKIA" + UUID.randomUUID().toString().replace("-", "")
            .substring(0, 16).toUpperCase(Locale.ROOT);
    private static final String SECRET = "secret-" + UUID.randomUUID();
    private static final String TOKEN = "token-" + UUID.randomUUID();

    private String output;

    @BeforeAll
    void runChild() throws Exception {
        String moto;
        try {
            moto = MotoServer.shared().endpoint().toString();
        } catch (RuntimeException e) {
            Assumptions.abort("moto is not available: " + e.getMessage());
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.dev.polycloud=trace",
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                SecretsNotLoggedTest.class.getName(),
                moto, ACCESS_KEY, SECRET, TOKEN));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        output = new String(bytes, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("child exit code; output:%n%s", output).isZero();
    }

    @Test
    @DisplayName("the run logged at DEBUG from Polycloud's loggers (so the check below can fail)")
    void debugLinesWereWritten() {
        assertThat(output).contains("DEBUG dev.polycloud.").contains("retrying").contains("child done");
    }

    @Test
    @DisplayName("neither the secret key nor the session token appears anywhere in the output")
    void noSecret() {
        assertThat(output).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    /**
     * The child: a representative run on local and on moto, printing exception messages too.
     *
     * @param args moto endpoint, access key id, secret access key, session token
     * @throws Exception when the run fails (the test then fails on the exit code)
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> aws = Map.of(
                PolycloudConfig.PROVIDER, "aws",
                "polycloud.aws.region", "us-east-1",
                "polycloud.aws.access-key-id", args[1],
                "polycloud.aws.secret-access-key", args[2],
                "polycloud.aws.session-token", args[3]);
        try (Cloud local = Polycloud.open(PolycloudConfig.builder().provider("local").build())) {
            exercise(local);
        }
        try (Cloud moto = Polycloud.open(PolycloudConfig.builder().setAll(aws)
                .set("polycloud.aws.endpoint", args[0]).build())) {
            exercise(moto);
            System.out.println(moto);
        }
        try (Cloud closed = Polycloud.open(PolycloudConfig.builder().setAll(aws)
                .set("polycloud.aws.endpoint", "http://127.0.0.1:" + closedPort())
                .set("polycloud.retry.max-attempts", "3")
                .set("polycloud.retry.initial-backoff", "1")
                .set("polycloud.timeout", "PT2S").build())) {
            closed.queue("nowhere").send("x");
        } catch (CloudException e) {
            System.out.println("expected failure: " + e);
        }
        System.out.println("child done");
    }

    private static void exercise(Cloud cloud) throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        Queue queue = cloud.queue("secrets-" + suffix).create();
        queue.send("hello");
        CountDownLatch handled = new CountDownLatch(1);
        Listener listener = queue.listen(m -> handled.countDown(), ListenerOptions.defaults());
        try {
            handled.await(20, TimeUnit.SECONDS);
        } finally {
            listener.close();
        }
        queue.send("again");
        for (ReceivedMessage m : queue.receive(10, Duration.ofSeconds(2))) {
            queue.ack(m);
        }
        Table table = cloud.table("secrets-" + suffix).createTable(TableSchema.of("id", KeyType.STRING));
        table.insert(Item.builder().put("id", "a").put("v", 1L).build());
        table.get(Key.of("a"));
        try {
            table.insert(Item.builder().put("id", "a").build());
        } catch (CloudException e) {
            System.out.println("expected failure: " + e);
        }
        try {
            cloud.table("missing-" + suffix).get(Key.of("x"));
        } catch (CloudException e) {
            System.out.println("expected failure: " + e);
        }
        System.out.println(cloud.health());
        table.deleteTable();
        queue.delete();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package dev.polycloud.conformance.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.emulators.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The conformance tool")
class ConformanceToolTest {

    private record Run(int status, String output) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = ConformanceTool.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Nested
    @DisplayName("command line")
    class CommandLine {

        @Test
        @DisplayName("an unknown option is a usage error with status 2")
        void unknownOption() {
            Run r = run("--provider", "local", "--frobnicate", "1");
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.output()).contains("unknown option --frobnicate").contains("usage:");
        }

        @Test
        @DisplayName("an unknown building block is a usage error naming it")
        void unknownBlock() {
            Run r = run("--provider", "local", "--only", "queues,rockets");
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.output()).contains("unknown building block 'rockets'");
        }

        @Test
        @DisplayName("--endpoint with another provider than aws is refused")
        void endpointOnlyForAws() {
            assertThat(run("--provider", "gcp", "--endpoint", "http://localhost:1").status()).isEqualTo(2);
        }

        @Test
        @DisplayName("--help prints the usage with status 0")
        void help() {
            Run r = run("--help");
            assertThat(r.status()).isZero();
            assertThat(r.output()).contains("--only BLOCK").contains("queues").contains("tables");
        }
    }

    @Test
    @DisplayName("the local provider conforms, and the report lists each block")
    void localConforms(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("conformance.html");
        Run r = run("--provider", "local", "--only", "health,topics", "--report", report.toString());
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("topics\\s+[1-9][0-9]*\\s+0\\s+[0-9]+")
                .contains("RESULT: the target conforms");
        assertThat(Files.readString(report)).contains("<td>topics</td>").contains("<td>health</td>");
    }

    @Test
    @DisplayName("a target that does not answer fails with status 1, each failure named")
    void closedPortFails() {
        Run r = run("--provider", "aws", "--endpoint", "http://127.0.0.1:1", "--set", "polycloud.aws.region=us-east-1",
                "--set", "polycloud.aws.access-key-id=test", "--set", "polycloud.aws.secret-access-key=test",
                "--set", "polycloud.timeout=PT2S", "--only", "health");
        assertThat(r.status()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("FAILED  health:").containsPattern("RESULT: [1-9][0-9]* failed");
    }

    @Test
    @DisplayName("moto's queues and topics conform (the smoke run of the launcher path in CI)")
    void motoSmoke() {
        MotoServer moto = MotoServer.shared();
        Run r = run("--provider", "aws", "--endpoint", moto.endpoint().toString(),
                "--set", "polycloud.aws.region=us-east-1", "--set", "polycloud.aws.access-key-id=test",
                "--set", "polycloud.aws.secret-access-key=test", "--only", "health,topics");
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("topics\\s+[1-9][0-9]*\\s+0").contains("aws at " + moto.endpoint());
    }
}

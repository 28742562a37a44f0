package dev.polycloud.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} (Python moto 5.x, {@code pip install 'moto[server]'}) started by the tests
 * themselves on a free loopback port, ready once {@code GET /moto-api/} answers, and stopped by
 * {@link #close()} or, at the latest, by a JVM shutdown hook. One server is shared by every test
 * class of a JVM ({@link #shared()}); {@link #reset()} clears its state.
 *
 * <p>When {@code moto_server} is not on the {@code PATH}, {@link #shared()} skips the calling test
 * (or fails it when {@code -Dpolycloud.conformance.require} lists {@code aws}).
 */
public final class MotoServer implements AutoCloseable {

    private static final String MISSING = "moto_server not found: pip install 'moto[server]'";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static MotoServer shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread hook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.hook = new Thread(this::stop, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * The server shared by this JVM, started on first use.
     *
     * @return the running server
     */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
        }
        return shared;
    }

    /**
     * Starts a new server.
     *
     * @return the running server
     */
    public static MotoServer start() {
        Path executable = findOnPath("moto_server");
        if (executable == null) {
            throw missing(MISSING);
        }
        int port = freePort();
        Path log = logFile(port);
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw missing(MISSING + " (" + e.getMessage() + ")");
        }
        MotoServer server = new MotoServer(process, port, log);
        server.awaitReady();
        return server;
    }

    private static boolean reported;

    /** Says once, on the console, why the moto-backed tests skip (surefire shows no reason for skipped classes). */
    private static RuntimeException missing(String what) {
        if (!reported && !Emulators.required("aws")) {
            reported = true;
            System.err.println("Skipping aws conformance: " + what);
        }
        return Emulators.missing("aws", what);
    }

    /**
     * The endpoint to give the AWS SDK.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Clears every resource moto holds ({@code POST /moto-api/reset}). */
    public void reset() {
        post("/moto-api/reset", "application/json", "");
    }

    /**
     * Creates an IAM role that Lambda may assume (moto checks that a function's role exists; a
     * reset removes it). Creating it twice is fine.
     *
     * @param roleName the role name
     * @return the role ARN in moto's account
     */
    public String createLambdaRole(String roleName) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        String form = "Action=CreateRole&Version=2010-05-08&RoleName="
                + java.net.URLEncoder.encode(roleName, java.nio.charset.StandardCharsets.UTF_8)
                + "&AssumeRolePolicyDocument=" + java.net.URLEncoder.encode(policy, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                // moto routes by the service named in the credential scope; the signature is not checked
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(30)).build());
        if (r.statusCode() != 200 && !r.body().contains("EntityAlreadyExists")) {
            throw new IllegalStateException("moto CreateRole answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return "arn:aws:iam::123456789012:role/" + roleName;
    }

    /**
     * Selects moto's Lambda mode. Without Docker, Invoke answers a stub for any function name and
     * runs no code; with Docker, Invoke first checks that the function exists (then fails to run
     * it where there is no Docker).
     *
     * @param docker the mode
     */
    public void lambdaUsesDocker(boolean docker) {
        post("/moto-api/config", "application/json", "{\"lambda\":{\"use_docker\":" + docker + "}}");
    }

    /**
     * Queues the answers moto's Docker-less Lambda gives to the next invocations.
     *
     * @param resultsJsonArray a JSON array of strings
     */
    public void queueLambdaResults(String resultsJsonArray) {
        post("/moto-api/static/lambda-simple/response", "application/json",
                "{\"results\":" + resultsJsonArray + ",\"region\":\"us-east-1\"}");
    }

    private void post(String path, String contentType, String body) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint().resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("moto " + path + " answered HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while starting moto_server", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while starting moto_server", e);
            }
        }
        stop();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + STARTUP + ": "
                + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server (and any process it started). Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs or ran
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static Path logFile(int port) {
        Path dir = Path.of("target");
        if (!Files.isDirectory(dir)) {
            dir = Path.of(System.getProperty("java.io.tmpdir"));
        }
        return dir.resolve("moto-" + port + ".log").toAbsolutePath();
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint() + (process.isAlive() ? "" : ", stopped") + "]";
    }
}

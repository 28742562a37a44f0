package dev.polycloud.gcp.testing;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The Functions Framework invoker in a child JVM, the way Cloud Functions runs a Java function:
 * {@code java -jar java-function-invoker.jar --classpath <function's class path> --target <class>
 * --port <port>}, with the function's environment variables, so the function class is loaded in the
 * invoker's isolated function class loader and reads its configuration from the real environment.
 * The function's class path is this JVM's, without the invoker and the Functions Framework API (which
 * the invoker provides, as on Cloud Functions). Close it to stop the process.
 */
public final class InvokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private InvokerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts an invoker and waits until it listens.
     *
     * @param target the function class ({@code HttpFunction} or {@code CloudEventsFunction})
     * @param environment the function's environment variables
     * @param logName the log file name under {@code target/invoker-logs}
     * @return the running invoker
     * @throws IOException when it cannot start
     */
    public static InvokerProcess start(String target, Map<String, String> environment, String logName)
            throws IOException {
        Path invokerJar = invokerJar();
        int port = freePort();
        Path logs = Files.createDirectories(Path.of("target", "invoker-logs"));
        Path log = logs.resolve(logName + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", invokerJar.toString(), "--classpath", functionClassPath(invokerJar),
                "--target", target, "--port", Integer.toString(port));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("The invoker exited with " + p.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (listening(port)) {
                return new InvokerProcess(p, port, log);
            }
            sleep(100);
        }
        p.destroyForcibly();
        throw new IOException("The invoker did not listen on port " + port + " within " + START_TIMEOUT + " (log "
                + log.toAbsolutePath() + ")");
    }

    /**
     * The base URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * What the process printed so far.
     *
     * @return the log text
     * @throws IOException when it cannot be read
     */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path invokerJar() {
        try {
            return Path.of(Invoker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This JVM's class path (expanding a surefire manifest-only jar), less the invoker and the framework API. */
    static String functionClassPath(Path invokerJar) throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e);
            if (p.getFileName().toString().startsWith("surefirebooter") && Files.isRegularFile(p)) {
                entries.addAll(manifestClassPath(p));
            } else {
                entries.add(p.toAbsolutePath().toString());
            }
        }
        List<String> kept = new ArrayList<>();
        for (String e : entries) {
            String name = Path.of(e).getFileName().toString();
            if (Path.of(e).toAbsolutePath().equals(invokerJar.toAbsolutePath())
                    || name.startsWith("functions-framework-api") || name.startsWith("cloudevents-api")
                    || name.startsWith("surefire") || name.startsWith("junit") || name.startsWith("assertj")) {
                continue;
            }
            kept.add(e);
        }
        return String.join(File.pathSeparator, kept);
    }

    private static List<String> manifestClassPath(Path jar) throws IOException {
        List<String> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String url : cp.trim().split("\\s+")) {
                    try {
                        out.add(Path.of(new java.net.URI(url)).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        out.add(Path.of(jar.getParent().toString(), url).toString());
                    }
                }
            }
        }
        return out;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

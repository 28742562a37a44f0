package dev.polycloud.emulators;

import dev.polycloud.PolycloudConfig;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gcloud Pub/Sub and Firestore emulators for the GCP runners, started at most once per JVM on
 * free loopback ports and stopped (with their whole process tree: gcloud starts Java children) by
 * {@link #stop()} or a shutdown hook.
 *
 * <p>When the configuration already names emulators ({@code polycloud.gcp.pubsub.emulator-host} and
 * {@code polycloud.gcp.firestore.emulator-host}, or {@code PUBSUB_EMULATOR_HOST} and
 * {@code FIRESTORE_EMULATOR_HOST}), those are used and nothing is started. Without gcloud or its
 * emulator components the runners skip with one line saying what to install, or fail when
 * {@code -Dpolycloud.conformance.require=gcp}.
 */
public final class GcpEmulators {

    /** The project id the emulators serve. */
    public static final String PROJECT = "polycloud-conformance";

    static final String PROJECT_KEY = "polycloud.gcp.project";
    static final String PUBSUB_KEY = "polycloud.gcp.pubsub.emulator-host";
    static final String FIRESTORE_KEY = "polycloud.gcp.firestore.emulator-host";

    private static final String INSTALL = "the gcloud CLI with the Pub/Sub and Firestore emulators"
            + " (Debian: apt-get install google-cloud-cli google-cloud-cli-pubsub-emulator"
            + " google-cloud-cli-firestore-emulator; or gcloud components install beta pubsub-emulator"
            + " cloud-firestore-emulator), or set PUBSUB_EMULATOR_HOST and FIRESTORE_EMULATOR_HOST to running ones";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static GcpEmulators instance;
    private static String failure;

    private final String pubsubHost;
    private final String firestoreHost;
    private final List<Process> processes;

    private GcpEmulators(String pubsubHost, String firestoreHost, List<Process> processes) {
        this.pubsubHost = pubsubHost;
        this.firestoreHost = firestoreHost;
        this.processes = processes;
    }

    /**
     * The running emulators, started on the first call.
     *
     * @return the emulators
     * @throws org.opentest4j.TestAbortedException when gcloud or an emulator is missing (and gcp is not required)
     */
    public static synchronized GcpEmulators get() {
        if (instance != null) {
            return instance;
        }
        if (failure != null) {
            throw Emulators.missing("gcp", failure);
        }
        PolycloudConfig config = PolycloudConfig.load();
        Optional<String> pubsub = config.get(PUBSUB_KEY).or(() -> env("PUBSUB_EMULATOR_HOST"));
        Optional<String> firestore = config.get(FIRESTORE_KEY).or(() -> env("FIRESTORE_EMULATOR_HOST"));
        String gcloud = pubsub.isPresent() && firestore.isPresent() ? null : findGcloud();
        if (gcloud == null && (pubsub.isEmpty() || firestore.isEmpty())) {
            failure = "gcloud is not on the PATH; install " + INSTALL;
            throw Emulators.missing("gcp", failure);
        }
        List<Process> started = new ArrayList<>();
        try {
            Path logs = Files.createDirectories(Path.of("target", "gcp-emulators"));
            if (pubsub.isEmpty()) {
                int port = freePort();
                started.add(start(List.of(gcloud, "beta", "emulators", "pubsub", "start",
                        "--host-port=127.0.0.1:" + port, "--project=" + PROJECT), logs.resolve("pubsub.log"),
                        "Server started", port));
                pubsub = Optional.of("127.0.0.1:" + port);
            }
            if (firestore.isEmpty()) {
                int port = freePort();
                started.add(start(List.of(gcloud, "emulators", "firestore", "start",
                        "--host-port=127.0.0.1:" + port), logs.resolve("firestore.log"),
                        "Dev App Server is now running", port));
                firestore = Optional.of("127.0.0.1:" + port);
            }
        } catch (IOException | IllegalStateException e) {
            started.forEach(GcpEmulators::destroyTree);
            failure = e.getMessage() + "; install " + INSTALL;
            throw Emulators.missing("gcp", failure);
        }
        instance = new GcpEmulators(pubsub.get(), firestore.get(), started);
        if (!started.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(GcpEmulators::stop, "gcp-emulators-stop"));
        }
        return instance;
    }

    /**
     * The configuration of a cloud on these emulators.
     *
     * @return keys and values for {@code PolycloudConfig.builder().setAll(...)}
     */
    public Map<String, String> config() {
        return Map.of("polycloud.provider", "gcp", PROJECT_KEY, PROJECT, PUBSUB_KEY, pubsubHost,
                FIRESTORE_KEY, firestoreHost);
    }

    /**
     * The Pub/Sub emulator's {@code host:port}.
     *
     * @return the host and port
     */
    public String pubsubHost() {
        return pubsubHost;
    }

    /**
     * The Firestore emulator's {@code host:port}.
     *
     * @return the host and port
     */
    public String firestoreHost() {
        return firestoreHost;
    }

    /**
     * Deletes every Firestore document of the project (the emulator's reset endpoint).
     *
     * @throws IOException when the emulator does not answer
     */
    public void clearFirestore() throws IOException {
        URI uri = URI.create("http://" + firestoreHost + "/emulator/v1/projects/" + PROJECT
                + "/databases/(default)/documents".replace("(", "%28").replace(")", "%29"));
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod("DELETE");
        int status = c.getResponseCode();
        c.disconnect();
        if (status / 100 != 2) {
            throw new IOException("Clearing the Firestore emulator answered HTTP " + status);
        }
    }

    /** Stops the emulators this class started, with every descendant process. Idempotent. */
    public static synchronized void stop() {
        if (instance != null) {
            instance.processes.forEach(GcpEmulators::destroyTree);
            instance.processes.clear();
        }
    }

    private static Process start(List<String> command, Path log, String readyLine, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        Process p = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains(readyLine) && listening(port)) {
                return p;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + p.exitValue()
                        + ": " + lastLines(text));
            }
            sleep(200);
        }
        destroyTree(p);
        throw new IllegalStateException("'" + String.join(" ", command) + "' was not ready within " + START_TIMEOUT
                + " (log: " + log.toAbsolutePath() + ")");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void destroyTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static String findGcloud() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : windows ? List.of("gcloud.cmd", "gcloud.exe") : List.of("gcloud")) {
                File f = new File(dir, name);
                if (f.isFile() && f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static Optional<String> env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 5), lines.length));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the emulators", e);
        }
    }
}

package dev.polycloud.emulators;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Azurite emulator (Azure Storage: blobs, queues, tables) started by the tests themselves,
 * once per JVM, on three free 127.0.0.1 ports, with in-memory persistence; stopped by
 * {@link #stop()} and, in any case, by a JVM shutdown hook.
 *
 * <p>Where Azurite is looked for, in order: the {@code polycloud.azurite.dir} system property (a
 * folder with {@code node_modules/.bin/azurite}; the builds set it to the install pinned in
 * {@code emulators/azurite}, which the emulators module's build installs with {@code npm ci}),
 * the {@code AZURITE_HOME} environment variable (same layout), the folders {@code azurite},
 * {@code emulators/azurite} and {@code ../emulators/azurite} relative to the working directory,
 * then {@code azurite} on the {@code PATH}. When none is found the
 * calling test is skipped through {@link Emulators#missing(String, String)} (or fails, when
 * {@code -Dpolycloud.conformance.require} lists {@code azure}).
 *
 */
public final class Azurite {

    /** The well-known development account of Azurite. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** Its published key (from Azurite's documentation; not a secret). */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static Azurite shared;
    private static String missingReason;

    private final Process process;
    private final int blobPort;
    private final int queuePort;
    private final int tablePort;
    private final Path log;
    private final Path workDir;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort, Path log, Path workDir) {
        this.process = process;
        this.blobPort = blobPort;
        this.queuePort = queuePort;
        this.tablePort = tablePort;
        this.log = log;
        this.workDir = workDir;
    }

    /**
     * The Azurite of this JVM, started on first call.
     *
     * @return the running emulator
     * @throws org.opentest4j.TestAbortedException when Azurite cannot be found (unless required)
     */
    public static synchronized Azurite shared() {
        if (shared != null && shared.process.isAlive()) {
            return shared;
        }
        if (missingReason != null) {
            throw Emulators.missing("azure", missingReason);
        }
        Optional<List<String>> command = findCommand();
        if (command.isEmpty()) {
            missingReason = "Azurite not found: run `npm ci` in provider-azure/azurite (the Maven build does it), "
                    + "set AZURITE_HOME, or `npm install -g azurite@3.37.0`";
            throw Emulators.missing("azure", missingReason);
        }
        try {
            shared = start(command.get());
        } catch (IOException e) {
            missingReason = "Azurite could not be started (" + e.getMessage() + "); is Node.js installed?";
            throw Emulators.missing("azure", missingReason);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Azurite::stopShared, "azurite-stop"));
        return shared;
    }

    /** Stops the shared emulator, if it runs. Idempotent. */
    public static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
    }

    /**
     * The connection string of the development account, with explicit endpoints on this emulator.
     *
     * @return the connection string
     */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + blobPort + "/" + ACCOUNT
                + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/" + ACCOUNT
                + ";TableEndpoint=http://127.0.0.1:" + tablePort + "/" + ACCOUNT + ";";
    }

    /**
     * The queue service port.
     *
     * @return the port
     */
    public int queuePort() {
        return queuePort;
    }

    /**
     * The table service port.
     *
     * @return the port
     */
    public int tablePort() {
        return tablePort;
    }

    /** Stops this emulator and its child processes, and removes its log and working folder. */
    public void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteQuietly(log);
        try (java.util.stream.Stream<Path> files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(Azurite::deleteQuietly);
        } catch (IOException e) {
            // Best effort: a temporary folder.
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Best effort: a temporary file.
        }
    }

    private static Azurite start(List<String> base) throws IOException {
        int[] ports = freePorts(3);
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of("--silent", "--inMemoryPersistence",
                "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                "--blobPort", Integer.toString(ports[0]), "--queuePort", Integer.toString(ports[1]),
                "--tablePort", Integer.toString(ports[2]), "--skipApiVersionCheck"));
        Path log = Files.createTempFile("azurite-", ".log");
        Path workDir = Files.createTempDirectory("azurite-");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Azurite azurite = new Azurite(p, ports[0], ports[1], ports[2], log, workDir);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("Azurite exited with " + p.exitValue() + "; log: " + tail(log));
            }
            if (listening(ports[1]) && listening(ports[2]) && listening(ports[0])) {
                return azurite;
            }
            sleep(100);
        }
        String tail = tail(log);
        azurite.stop();
        throw new IOException("Azurite did not listen within " + STARTUP + "; log: " + tail);
    }

    private static Optional<List<String>> findCommand() {
        List<Path> folders = new ArrayList<>();
        String dir = System.getProperty("polycloud.azurite.dir");
        if (dir != null && !dir.isBlank()) {
            folders.add(Paths.get(dir));
        }
        String home = System.getenv("AZURITE_HOME");
        if (home != null && !home.isBlank()) {
            folders.add(Paths.get(home));
        }
        folders.add(Paths.get("azurite"));
        folders.add(Paths.get("emulators", "azurite"));
        folders.add(Paths.get("..", "emulators", "azurite"));
        for (Path folder : folders) {
            Path bin = folder.resolve("node_modules").resolve(".bin").resolve("azurite");
            if (Files.isRegularFile(bin)) {
                return Optional.of(List.of(bin.toAbsolutePath().toString()));
            }
        }
        return onPath("azurite").map(p -> List.of(p.toString()));
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path candidate = Paths.get(entry, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Azurite[queue=127.0.0.1:" + queuePort + ", table=127.0.0.1:" + tablePort + ", log=" + log + "]";
    }
}

package dev.polycloud.conformance.tool;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.polycloud.PolycloudConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The conformance suite as a command: checks whether a target — an emulator, a LocalStack, a real
 * account — behaves as the portable contract says, without cloning the repository.
 *
 * <pre>{@code
 * java -jar polycloud-conformance-tool-<version>-all.jar --provider aws --endpoint http://localhost:4566 \
 *      [--set polycloud.aws.region=eu-west-1 ...] [--only queues,tables] [--report target/conformance.html]
 * }</pre>
 *
 * <p>It runs the shared suites ({@link Suites#blocks()}) on a {@link ToolTarget} configured from the options
 * and the standard sources ({@code polycloud.properties}, {@code -D} system properties, {@code POLYCLOUD_*}
 * environment variables), prints a table of building block × passed / failed / skipped, each failure with its
 * message and each distinct skip reason with its count, optionally writes the same as an HTML or text report,
 * and exits 0 when nothing failed, 1 when a test failed or none ran, and 2 on a usage error.
 *
 * <p>Options: {@code --provider ID}; {@code --endpoint URL} (AWS only: {@code polycloud.aws.endpoint}; for the
 * others use {@code --set} with their keys); {@code --set KEY=VALUE} (repeatable); {@code --only BLOCK,...};
 * {@code --lease DURATION} (the short lease the lease tests use, ISO-8601 or seconds; default 1 s);
 * {@code --patience DURATION} (default 20 s); {@code --report FILE}; {@code --help}.
 *
 * <p>Each run creates and deletes its own uniquely named resources; run it against an account you can
 * create queues, topics, tables and buckets in. Not thread-safe: one run per JVM at a time.
 */
public final class ConformanceTool {

    private ConformanceTool() {
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the options described above
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the tool.
     *
     * @param args the options described above
     * @param out where the table goes
     * @return 0 when nothing failed, 1 when a test failed or none ran, 2 on a usage error
     */
    public static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(usage());
            return 2;
        }
        if (options.help) {
            out.println(usage());
            return 0;
        }
        ToolTarget.use(new ToolTarget(options.keys, options.lease, options.patience));
        Results results = new Results();
        List<DiscoverySelector> selectors = new ArrayList<>();
        Map<String, String> blockOfClass = new LinkedHashMap<>();
        Suites.blocks().forEach((block, classes) -> {
            if (options.only.isEmpty() || options.only.contains(block)) {
                for (Class<?> c : classes) {
                    selectors.add(selectClass(c));
                    blockOfClass.put(c.getName(), block);
                    results.block(block);
                }
            }
        });
        results.blockOfClass = blockOfClass;
        out.println("Checking " + describe(options.keys) + " against the Polycloud conformance suite ("
                + String.join(", ", results.blocks.keySet()) + ")...");
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, results);
        String table = results.table();
        out.println(table);
        if (options.report != null) {
            write(options.report, options.report.toString().toLowerCase(Locale.ROOT).endsWith(".html")
                    ? results.html(describe(options.keys)) : table);
            out.println("Report written to " + options.report);
        }
        return results.failed() > 0 || results.ran() == 0 ? 1 : 0;
    }

    private static String describe(Map<String, String> keys) {
        String provider = keys.getOrDefault(PolycloudConfig.PROVIDER,
                PolycloudConfig.load().get(PolycloudConfig.PROVIDER).orElse("the configured provider"));
        String endpoint = keys.get("polycloud.aws.endpoint");
        return endpoint == null ? provider : provider + " at " + endpoint;
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the report " + file, e);
        }
    }

    static String usage() {
        return """
                usage: java -jar polycloud-conformance-tool-all.jar --provider ID [options]
                  --provider ID        local, aws, gcp or azure (or polycloud.provider from the standard sources)
                  --endpoint URL       AWS endpoint, e.g. http://localhost:4566 for LocalStack
                  --set KEY=VALUE      any polycloud.* key (repeatable), e.g. polycloud.azure.connection-string=...
                  --only BLOCK,...     among: %s
                  --lease DURATION     the short lease of the lease tests (PT1S or 1; default 1 s)
                  --patience DURATION  how long to wait for eventual effects (default 20 s)
                  --report FILE        also write the results (.html for HTML, otherwise text)
                exit status: 0 nothing failed, 1 a test failed or none ran, 2 usage error"""
                .formatted(String.join(", ", Suites.blocks().keySet()));
    }

    /** The parsed command line. */
    static final class Options {
        final Map<String, String> keys = new LinkedHashMap<>();
        final Set<String> only = new LinkedHashSet<>();
        Duration lease = Duration.ofSeconds(1);
        Duration patience = Duration.ofSeconds(20);
        Path report;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--provider" -> o.keys.put(PolycloudConfig.PROVIDER, v);
                    case "--endpoint" -> o.keys.put("polycloud.aws.endpoint", v);
                    case "--set" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set needs KEY=VALUE (found '" + v + "')");
                        }
                        o.keys.put(v.substring(0, eq).trim(), v.substring(eq + 1));
                    }
                    case "--only" -> {
                        for (String b : v.split(",")) {
                            String block = b.trim().toLowerCase(Locale.ROOT);
                            if (!Suites.blocks().containsKey(block)) {
                                throw new IllegalArgumentException("unknown building block '" + b + "'");
                            }
                            o.only.add(block);
                        }
                    }
                    case "--lease" -> o.lease = duration(a, v);
                    case "--patience" -> o.patience = duration(a, v);
                    case "--report" -> o.report = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            String provider = o.keys.get(PolycloudConfig.PROVIDER);
            if (o.keys.containsKey("polycloud.aws.endpoint") && provider != null && !provider.equals("aws")) {
                throw new IllegalArgumentException("--endpoint sets polycloud.aws.endpoint; for " + provider
                        + " use --set with its keys");
            }
            return o;
        }

        private static Duration duration(String option, String v) {
            try {
                return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : Duration.ofSeconds(Long.parseLong(v));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + " needs a duration such as PT2S or 2 (found '" + v + "')");
            }
        }
    }

    /** Counts per building block, failures and skip reasons. */
    static final class Results implements TestExecutionListener {
        final Map<String, int[]> blocks = new LinkedHashMap<>();
        final Map<String, List<String>> failures = new LinkedHashMap<>();
        final Map<String, Map<String, Integer>> skips = new LinkedHashMap<>();
        Map<String, String> blockOfClass = Map.of();

        void block(String block) {
            blocks.putIfAbsent(block, new int[3]);
            failures.putIfAbsent(block, new ArrayList<>());
            skips.putIfAbsent(block, new TreeMap<>());
        }

        private String blockOf(TestIdentifier id) {
            for (UniqueId.Segment s : UniqueId.parse(id.getUniqueId()).getSegments()) {
                if (s.getType().equals("class") && blockOfClass.containsKey(s.getValue())) {
                    return blockOfClass.get(s.getValue());
                }
            }
            return null;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            String block = blockOf(id);
            if (block != null && id.isTest()) {
                blocks.get(block)[2]++;
                skips.get(block).merge(reason, 1, Integer::sum);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String block = blockOf(id);
            if (block == null) {
                return;
            }
            String message = result.getThrowable().map(t -> String.valueOf(t.getMessage()).strip()).orElse("");
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    if (id.isTest()) {
                        blocks.get(block)[0]++;
                    }
                }
                case ABORTED -> {
                    if (id.isTest()) {
                        blocks.get(block)[2]++;
                        skips.get(block).merge(message.replaceFirst("^Assumption failed: ", ""), 1, Integer::sum);
                    }
                }
                case FAILED -> {
                    // a container failure (set-up) counts once, as a failure of the block
                    blocks.get(block)[1]++;
                    failures.get(block).add(id.getDisplayName() + ": " + firstLine(message));
                }
            }
        }

        int failed() {
            return blocks.values().stream().mapToInt(c -> c[1]).sum();
        }

        int ran() {
            return blocks.values().stream().mapToInt(c -> c[0] + c[1]).sum();
        }

        String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("%n%-10s %7s %7s %8s%n", "block", "passed", "failed", "skipped"));
            blocks.forEach((block, c) -> b.append(String.format("%-10s %7d %7d %8d%n", block, c[0], c[1], c[2])));
            failures.forEach((block, list) -> list.forEach(f -> b.append("FAILED  ").append(block).append(": ")
                    .append(f).append('\n')));
            skips.forEach((block, reasons) -> reasons.forEach((reason, n) -> b.append("skipped ").append(block)
                    .append(" (").append(n).append("): ").append(firstLine(reason)).append('\n')));
            b.append(failed() > 0 ? "RESULT: " + failed() + " failed" : ran() == 0 ? "RESULT: nothing ran"
                    : "RESULT: the target conforms (" + ran() + " passed)");
            return b.toString();
        }

        String html(String target) {
            StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Polycloud"
                    + " conformance of " + escape(target) + "</title></head><body><h1>Polycloud conformance of "
                    + escape(target) + "</h1><table border=\"1\"><tr><th>block</th><th>passed</th><th>failed</th>"
                    + "<th>skipped</th></tr>");
            blocks.forEach((block, c) -> b.append("<tr><td>").append(block).append("</td><td>").append(c[0])
                    .append("</td><td>").append(c[1]).append("</td><td>").append(c[2]).append("</td></tr>"));
            b.append("</table><h2>Failures</h2><ul>");
            failures.forEach((block, list) -> list.forEach(f -> b.append("<li>").append(block).append(": ")
                    .append(escape(f)).append("</li>")));
            b.append("</ul><h2>Skipped, with the reason</h2><ul>");
            skips.forEach((block, reasons) -> reasons.forEach((reason, n) -> b.append("<li>").append(block)
                    .append(" (").append(n).append("): ").append(escape(reason)).append("</li>")));
            return b.append("</ul></body></html>\n").toString();
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}

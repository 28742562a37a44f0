package dev.polycloud.conformance.gcp;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.handlers.EchoTextHandler;
import dev.polycloud.gcp.testing.LocalCloudFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The GCP provider's functions as a conformance target. Cloud Functions has no emulator, so the
 * {@code Cloud}'s Functions API client talks to provider-gcp's stand-in Functions API, and every
 * function it deploys is served by the real adapter ({@code PolycloudHttpFunction}, configured with
 * exactly the variables the deploy request set) under the Functions Framework invoker, started once
 * in this JVM on a free loopback port. Invocations are the driver's own: the function's URL from the
 * API, then HTTP to the invoker. Handlers are loaded from this JVM's class path, so the in-JVM
 * {@code Recorder} sees them; the artifact deployed is a jar of the conformance handlers.
 */
public final class GcpFunctionTarget implements ConformanceTarget {

    /** The one instance the GCP function runners share. */
    public static final GcpFunctionTarget INSTANCE = new GcpFunctionTarget();

    private Path artifact;

    private GcpFunctionTarget() {
    }

    @Override
    public Cloud open() {
        LocalCloudFunctions local = LocalCloudFunctions.get();
        return local.overrides(Polycloud.builder().config(PolycloudConfig.builder().provider("gcp")
                .set("polycloud.gcp.project", "polycloud-conformance")
                .set("polycloud.gcp.region", "europe-west1")
                .build())).open();
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(10);
    }

    /**
     * A jar of {@code dev.polycloud.conformance.handlers}, built once from the class path.
     *
     * @return the jar
     */
    public synchronized Path handlerArtifact() {
        if (artifact == null) {
            artifact = buildHandlerJar();
        }
        return artifact;
    }

    private static Path buildHandlerJar() {
        try {
            Path source = Path.of(EchoTextHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source)) {
                return source;
            }
            Path handlers = source.resolve("dev/polycloud/conformance/handlers");
            Path jar = Files.createDirectories(Path.of("target")).resolve("gcp-conformance-handlers.jar");
            List<Path> classes;
            try (Stream<Path> files = Files.walk(handlers)) {
                classes = files.filter(Files::isRegularFile).sorted().toList();
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                for (Path c : classes) {
                    out.putNextEntry(new JarEntry(source.relativize(c).toString().replace('\\', '/')));
                    Files.copy(c, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

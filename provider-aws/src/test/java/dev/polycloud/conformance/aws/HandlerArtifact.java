package dev.polycloud.conformance.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.polycloud.aws.lambda.PolycloudLambdaHandler;
import dev.polycloud.conformance.handlers.HttpEchoHandler;
import dev.polycloud.function.FunctionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLogger;

/**
 * The code artifact the AWS runners deploy: a Lambda deployment package (a jar, which is a zip)
 * holding the conformance handlers ({@code dev.polycloud.conformance.handlers}) and the Lambda
 * adapter ({@code dev.polycloud.aws.lambda}) at its root, and in {@code lib/} the jars they need at
 * run time: {@code polycloud-api}, Jackson, SLF4J (with the simple binding, so handler logs reach
 * CloudWatch) and {@code aws-lambda-java-core}. Lambda's Java runtime puts the root and every
 * {@code lib/*.jar} on the class path. The AWS SDK is not in it: the adapter does not need it.
 *
 * <p>Built once per test JVM from the test class path, where each part is either a jar (from the
 * local repository) or a directory of classes (inside a reactor build); directories are packed
 * into jars on the fly.
 */
public final class HandlerArtifact {

    private static final String HANDLERS = "dev/polycloud/conformance/handlers/";
    private static final String ADAPTER = "dev/polycloud/aws/lambda/";
    private static Path built;

    private HandlerArtifact() {
    }

    /**
     * The artifact, built on first use.
     *
     * @return the jar
     */
    public static synchronized Path path() {
        if (built == null || !Files.isRegularFile(built)) {
            built = build();
        }
        return built;
    }

    /** The classes whose class-path entries go to {@code lib/} whole. */
    private static List<Class<?>> libraries() {
        return List.of(FunctionHandler.class, ObjectMapper.class, JsonParser.class, JsonProperty.class,
                Jdk8Module.class, JavaTimeModule.class, Logger.class, SimpleLogger.class, RequestStreamHandler.class);
    }

    private static Path build() {
        try {
            Path dir = Files.isDirectory(Path.of("target")) ? Path.of("target")
                    : Files.createTempDirectory("polycloud-aws-artifact");
            Path jar = dir.resolve("polycloud-aws-conformance-handlers.jar").toAbsolutePath();
            Set<String> written = new LinkedHashSet<>();
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
                copyPackage(location(HttpEchoHandler.class), HANDLERS, zip, written);
                copyPackage(location(PolycloudLambdaHandler.class), ADAPTER, zip, written);
                Map<Path, String> libs = new LinkedHashMap<>();
                for (Class<?> c : libraries()) {
                    Path where = location(c);
                    libs.putIfAbsent(where, libName(where, c));
                }
                for (Map.Entry<Path, String> lib : libs.entrySet()) {
                    String entry = "lib/" + lib.getValue();
                    if (!written.add(entry)) {
                        continue;
                    }
                    zip.putNextEntry(new JarEntry(entry));
                    if (Files.isDirectory(lib.getKey())) {
                        packDirectory(lib.getKey(), zip);
                    } else {
                        Files.copy(lib.getKey(), zip);
                    }
                    zip.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the handler artifact", e);
        }
    }

    private static String libName(Path where, Class<?> c) {
        if (!Files.isDirectory(where)) {
            return where.getFileName().toString();
        }
        // a reactor module's target/classes: name it after the module
        Path module = where.getParent() != null && where.getParent().getParent() != null
                ? where.getParent().getParent().getFileName() : where.getFileName();
        return module + "-classes.jar";
    }

    static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("No location for " + c, e);
        }
    }

    /** Copies the entries under one package prefix of a jar or class directory. */
    private static void copyPackage(Path from, String prefix, JarOutputStream zip, Set<String> written)
            throws IOException {
        if (Files.isDirectory(from)) {
            Path root = from.resolve(prefix);
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = prefix + root.relativize(f).toString().replace('\\', '/');
                    if (written.add(name)) {
                        zip.putNextEntry(new JarEntry(name));
                        Files.copy(f, zip);
                        zip.closeEntry();
                    }
                }
            }
            return;
        }
        try (InputStream in = Files.newInputStream(from); JarInputStream jar = new JarInputStream(in)) {
            JarEntry e;
            while ((e = jar.getNextJarEntry()) != null) {
                if (!e.isDirectory() && e.getName().startsWith(prefix) && written.add(e.getName())) {
                    zip.putNextEntry(new JarEntry(e.getName()));
                    jar.transferTo(zip);
                    zip.closeEntry();
                }
            }
        }
    }

    /** Writes a directory of classes as a nested jar into the current entry. */
    private static void packDirectory(Path dir, OutputStream entry) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (JarOutputStream nested = new JarOutputStream(buffer); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                nested.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, nested);
                nested.closeEntry();
            }
        }
        buffer.writeTo(entry);
    }
}

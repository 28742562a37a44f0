package dev.polycloud.aws.lambda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Lambda tests' names for moto (the role itself is created through
 * {@link dev.polycloud.emulators.MotoServer#createLambdaRole(String)}) and the code they deploy.
 */
final class MotoLambda {

    /** The name of the role the tests deploy functions with. */
    static final String ROLE_NAME = "polycloud-lambda";
    /** Its ARN in moto's account. */
    static final String ROLE = "arn:aws:iam::123456789012:role/" + ROLE_NAME;

    private MotoLambda() {
    }

    /**
     * A small jar to deploy (moto stores it; it never runs).
     *
     * @param content distinguishes one artifact from another
     * @return the jar
     */
    static Path artifact(String content) {
        try {
            Path jar = Files.createTempFile("polycloud-test-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("content.txt"));
                zip.write(content.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

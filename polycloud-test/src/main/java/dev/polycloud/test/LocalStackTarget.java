package dev.polycloud.test;

import dev.polycloud.PolycloudConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The LocalStack container behind {@code @PolycloudTest(container = LOCALSTACK)}: started with Testcontainers on
 * first use, shared by every test of the JVM, stopped when the JVM exits. Loaded only when a test asks for it, so
 * Testcontainers is needed on the test class path only then. Thread-safe.
 */
final class LocalStackTarget {

    /** The system property choosing the image. */
    static final String IMAGE_PROPERTY = "polycloud.aws.localstack.image";
    /**
     * The default image, the one the conformance runners use: the last community tag that starts without an auth
     * token (not pulled on the project's machines: unverified). Newer tags need {@code LOCALSTACK_AUTH_TOKEN}.
     */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.14";

    private static LocalStackContainer container;

    private LocalStackTarget() {
    }

    /**
     * Whether a Docker daemon answers.
     *
     * @return whether containers can start
     */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Sets the AWS keys of the running container on the builder, starting it first if needed.
     *
     * @param builder the configuration to complete
     */
    static synchronized void configure(PolycloudConfig.Builder builder) {
        if (container == null || !container.isRunning()) {
            DockerImageName image = DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                    .asCompatibleSubstituteFor("localstack/localstack");
            LocalStackContainer c = new LocalStackContainer(image);
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
            }
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "polycloud-test-localstack-stop"));
            container = c;
        }
        builder.provider("aws")
                .set("polycloud.aws.endpoint", container.getEndpoint().toString())
                .set("polycloud.aws.region", container.getRegion())
                .set("polycloud.aws.access-key-id", container.getAccessKey())
                .set("polycloud.aws.secret-access-key", container.getSecretKey());
        // The community image serves API Gateway REST APIs (v1) only; HTTP APIs (v2) are LocalStack Pro.
        if (PolycloudConfig.load().get("polycloud.aws.gateway.type").isEmpty()) {
            builder.set("polycloud.aws.gateway.type",
                    System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE).contains("localstack-pro") ? "http" : "rest");
        }
    }
}

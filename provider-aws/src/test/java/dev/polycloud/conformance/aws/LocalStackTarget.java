package dev.polycloud.conformance.aws;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The AWS provider on a LocalStack container started with Testcontainers, where Lambda functions
 * really run (LocalStack starts a Lambda container per function, through the Docker socket
 * Testcontainers mounts). One container serves every LocalStack runner class of the JVM and stops
 * with it.
 *
 * <ul>
 *   <li>The image is {@value #DEFAULT_IMAGE}, the last community tag that starts without an auth token
 *       (newer tags need one; not pulled on this project's machines, which have no Docker: unverified); choose
 *       another with {@code -D}{@value #IMAGE_PROPERTY}. {@code LOCALSTACK_AUTH_TOKEN} in the environment is
 *       passed on (LocalStack Pro, {@code localstack/localstack-pro:<tag>}, or a newer community tag).</li>
 *   <li>Gateways: the community image serves API Gateway REST APIs (v1) but not HTTP APIs (v2), so on it the
 *       cloud is opened with {@code polycloud.aws.gateway.type=rest}; on a Pro image with {@code http} (the
 *       default). {@code -Dpolycloud.aws.gateway.type} overrides the choice.</li>
 *   <li>Asynchronous retries wait 1 second instead of LocalStack's (and Lambda's) minute, and Lambda
 *       runtimes get two minutes to start (a first Java cold start pulls an image).</li>
 *   <li>The container's port 4566 is bound to a free port chosen here, and {@code LOCALSTACK_HOST}
 *       names it, so that the API endpoints LocalStack hands out
 *       ({@code http://<id>.execute-api.localhost.localstack.cloud:<port>}) reach it from this machine.</li>
 * </ul>
 * When {@code polycloud.aws.endpoint} is configured, the {@code Aws*ConformanceTest} runners already
 * run against that endpoint and the LocalStack runners skip.
 */
public final class LocalStackTarget implements ConformanceTarget {

    /** The shared target. */
    public static final LocalStackTarget INSTANCE = new LocalStackTarget();

    /** The system property choosing the image. */
    public static final String IMAGE_PROPERTY = "polycloud.aws.localstack.image";
    /** The default image: the newest LocalStack line reported to start without an auth token. */
    public static final String DEFAULT_IMAGE = "localstack/localstack:4.14";
    /** The role functions run as (LocalStack does not enforce IAM). */
    static final String ROLE = "arn:aws:iam::000000000000:role/polycloud-conformance";

    private LocalStackContainer container;

    private LocalStackTarget() {
    }

    private synchronized LocalStackContainer container() {
        if (container == null || !container.isRunning()) {
            DockerImageName image = DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                    .asCompatibleSubstituteFor("localstack/localstack");
            int port = freePort();
            LocalStackContainer c = new LocalStackContainer(image)
                    .withEnv("LAMBDA_RETRY_BASE_DELAY_SECONDS", "1")
                    .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120")
                    .withEnv("LOCALSTACK_HOST", "localhost.localstack.cloud:" + port);
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
            }
            c.setPortBindings(List.of(port + ":4566"));
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "localstack-stop"));
            container = c;
        }
        return container;
    }

    @Override
    public Cloud open() {
        Assumptions.assumeTrue(PolycloudConfig.load().get("polycloud.aws.endpoint").isEmpty(),
                "polycloud.aws.endpoint is configured: the Aws*ConformanceTest runners already run against it");
        LocalStackContainer c = container();
        return Polycloud.open(PolycloudConfig.builder()
                .provider("aws")
                .set("polycloud.aws.endpoint", c.getEndpoint().toString())
                .set("polycloud.aws.region", c.getRegion())
                .set("polycloud.aws.access-key-id", c.getAccessKey())
                .set("polycloud.aws.secret-access-key", c.getSecretKey())
                .set("polycloud.aws.lambda.role", ROLE)
                .set("polycloud.aws.gateway.type", gatewayType())
                .build());
    }

    /**
     * Whether the image is LocalStack Pro.
     *
     * @return true for a {@code localstack-pro} image
     */
    static boolean isPro() {
        return System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE).contains("localstack-pro");
    }

    /**
     * The gateway type the target opens the cloud with: {@code -Dpolycloud.aws.gateway.type} if set, else
     * {@code http} (API Gateway v2) on Pro and {@code rest} (API Gateway v1) on the community image.
     *
     * @return {@code http} or {@code rest}
     */
    static String gatewayType() {
        String set = System.getProperty("polycloud.aws.gateway.type");
        return set != null && !set.isBlank() ? set : isPro() ? "http" : "rest";
    }

    /** Lambda requires a queue's lease to be at least the function's timeout (30 seconds by default). */
    @Override
    public Duration shortLease() {
        return Duration.ofSeconds(30);
    }

    /** Functions run in containers: cold starts, 30-second leases between redeliveries. */
    @Override
    public Duration patience() {
        return Duration.ofMinutes(4);
    }

    @Override
    public synchronized void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "aws on LocalStack (" + System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE) + ")";
    }
}

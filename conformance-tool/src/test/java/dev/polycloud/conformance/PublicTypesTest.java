package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each provider module shows users: its public top-level types outside {@code internal}
 * packages. Every one must be on the module's allow-list, so a new public class fails the build
 * until it is either made package-private, moved under the provider's {@code internal} package, or
 * added here as API on purpose. Class files are read directly (access flags), not loaded, so adapters
 * whose runtime libraries are absent are counted too.
 *
 * <p>{@link #NOT_YET_MOVED} lists the implementation classes that are still public outside
 * {@code internal} because another package of their module uses them; each package-info says they are
 * not API. The list may only shrink. (It lives in the conformance tool's tests because that module
 * depends on every provider.)
 */
@org.junit.jupiter.api.DisplayName("Each provider module's public types outside internal packages")
class PublicTypesTest {

    private static final Logger LOG = LoggerFactory.getLogger(PublicTypesTest.class);

    /** Implementation types public across packages, waiting for the move under {@code internal}. */
    static final Set<String> NOT_YET_MOVED = Set.of(
            "dev.polycloud.local.blob.LocalBlobs",
            "dev.polycloud.local.functions.LocalFunctionDriver",
            "dev.polycloud.local.functions.LocalFunctionRuntime",
            "dev.polycloud.local.functions.LocalTriggers",
            "dev.polycloud.local.gateway.LocalGateways",
            "dev.polycloud.local.messaging.LocalQueueDriver",
            "dev.polycloud.local.messaging.LocalTopic",
            "dev.polycloud.local.messaging.LocalTopicDriver",
            "dev.polycloud.local.messaging.MessageStore",
            "dev.polycloud.local.schedule.LocalScheduler",
            "dev.polycloud.local.tables.LocalTable",
            "dev.polycloud.local.tables.LocalTableDriver",
            "dev.polycloud.aws.dynamodb.DynamoEncoding",
            "dev.polycloud.aws.dynamodb.DynamoSize",
            "dev.polycloud.aws.dynamodb.DynamoTableDriver",
            "dev.polycloud.aws.dynamodb.DynamoValues",
            "dev.polycloud.aws.gateway.HttpApiGatewayDriver",
            "dev.polycloud.aws.gateway.RestApiGatewayDriver",
            "dev.polycloud.aws.lambda.LambdaDestinations",
            "dev.polycloud.aws.lambda.LambdaFunctionDriver",
            "dev.polycloud.aws.lambda.PayloadEnvelope",
            "dev.polycloud.aws.lambda.Sources",
            "dev.polycloud.aws.lambda.S3Events",
            "dev.polycloud.aws.s3.S3BlobDriver",
            "dev.polycloud.aws.s3.S3BucketTriggers",
            "dev.polycloud.aws.scheduler.SchedulerTriggers",
            "dev.polycloud.aws.sns.SnsSubscriptionDriver",
            "dev.polycloud.aws.sns.SnsTopicDriver",
            "dev.polycloud.aws.sqs.DeadLetters",
            "dev.polycloud.aws.sqs.SqsQueueDriver",
            "dev.polycloud.aws.sqs.SqsReceiverDriver",
            "dev.polycloud.gcp.firestore.FirestoreTables",
            "dev.polycloud.gcp.functions.GcsEvents",
            "dev.polycloud.gcp.storage.GcsBucketTriggers",
            "dev.polycloud.gcp.functions.AdapterConfig",
            "dev.polycloud.gcp.functions.CloudFunctionsDriver",
            "dev.polycloud.gcp.functions.CloudFunctionsRequests",
            "dev.polycloud.gcp.functions.FunctionHttpInvoker",
            "dev.polycloud.gcp.functions.FunctionProtocol",
            "dev.polycloud.gcp.functions.FunctionUrls",
            "dev.polycloud.gcp.functions.IdTokens",
            "dev.polycloud.gcp.functions.ScheduledRuns",
            "dev.polycloud.gcp.gateway.ApiGateways",
            "dev.polycloud.gcp.pubsub.PubSubClients",
            "dev.polycloud.gcp.pubsub.PubSubMessages",
            "dev.polycloud.gcp.pubsub.PubSubMessaging",
            "dev.polycloud.gcp.scheduler.CloudSchedulerTriggers",
            "dev.polycloud.gcp.storage.GcsBlobs",
            "dev.polycloud.azure.blob.AzureBlobDriver",
            "dev.polycloud.azure.blob.EventGridBucketTriggers",
            "dev.polycloud.azure.functions.EventGridBlobEvents",
            "dev.polycloud.azure.functions.AzureFunctionDriver",
            "dev.polycloud.azure.functions.FunctionsProtocol",
            "dev.polycloud.azure.gateway.ApiManagementGateways",
            "dev.polycloud.azure.queues.AzureQueueDriver",
            "dev.polycloud.azure.queues.QueueEnvelope",
            "dev.polycloud.azure.servicebus.ServiceBusTopics",
            "dev.polycloud.azure.tables.AzureTableDriver",
            "dev.polycloud.azure.tables.KeyCodec");

    /** The API of each provider: the provider, and the adapters and helpers users reference by name. */
    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("dev.polycloud.local.LocalCloudProvider", Set.of(
                        "dev.polycloud.local.LocalCloudProvider",
                        "dev.polycloud.local.LocalBackend",          // cloud.unwrap(LocalBackend.class).reset()
                        "dev.polycloud.local.LocalClock")),          // tests drive time with it
                Arguments.of("dev.polycloud.aws.AwsCloudProvider", Set.of(
                        "dev.polycloud.aws.AwsCloudProvider",
                        "dev.polycloud.aws.lambda.PolycloudLambdaHandler")), // the Lambda handler name
                Arguments.of("dev.polycloud.gcp.GcpCloudProvider", Set.of(
                        "dev.polycloud.gcp.GcpCloudProvider",
                        "dev.polycloud.gcp.functions.PolycloudHttpFunction",        // Cloud Functions entry points
                        "dev.polycloud.gcp.functions.PolycloudCloudEventFunction")),
                Arguments.of("dev.polycloud.azure.AzureCloudProvider", Set.of(
                        "dev.polycloud.azure.AzureCloudProvider",
                        "dev.polycloud.azure.functions.PolycloudAzure",             // called from users' @FunctionName methods
                        "dev.polycloud.azure.functions.HandlerFailedException")));  // what PolycloudAzure throws
    }

    @ParameterizedTest(name = "{0} shows only its allow-listed API types")
    @MethodSource("providers")
    void onlyAllowListedTypesArePublic(String providerClass, Set<String> api) throws Exception {
        Set<String> exposed = publicTopLevelTypesOutsideInternal(Class.forName(providerClass, false,
                PublicTypesTest.class.getClassLoader()));
        LOG.info("{}: {} public top-level types outside internal packages: {}", providerClass, exposed.size(),
                exposed);

        assertThat(exposed).containsAll(api);
        Set<String> allowed = new TreeSet<>(api);
        allowed.addAll(NOT_YET_MOVED);
        assertThat(exposed).as("public types that are not API: make them package-private or move them under the "
                + "provider's internal package").isSubsetOf(allowed);
    }

    /** Reads the module's class files (directory or jar) that the provider class came from. */
    static Set<String> publicTopLevelTypesOutsideInternal(Class<?> anchor) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
                    if (candidate(name)) {
                        try (InputStream in = Files.newInputStream(file)) {
                            addIfPublic(found, name, in);
                        }
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (candidate(entry.getName())) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            addIfPublic(found, entry.getName(), in);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean candidate(String path) {
        return path.endsWith(".class") && !path.contains("$") && !path.endsWith("package-info.class")
                && !path.endsWith("module-info.class") && !path.contains("/internal/");
    }

    private static void addIfPublic(Set<String> found, String path, InputStream in) throws IOException {
        if ((accessFlags(in) & 0x0001) != 0) {
            found.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }

    /** The class file's access_flags: read past the magic, the version and the constant pool (JVMS 4.1). */
    static int accessFlags(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> in.skipNBytes(in.readUnsignedShort());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return in.readUnsignedShort();
    }
}

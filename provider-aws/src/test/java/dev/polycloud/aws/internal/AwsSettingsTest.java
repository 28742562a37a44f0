package dev.polycloud.aws.internal;

import dev.polycloud.aws.AwsCloudProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

@DisplayName("AWS configuration")
class AwsSettingsTest {

    private static PolycloudConfig.Builder base() {
        return PolycloudConfig.builder().provider("aws").set(AwsSettings.REGION, "eu-west-1");
    }

    private static CloudException refused(PolycloudConfig config) {
        try {
            AwsSettings.from(config);
        } catch (CloudException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            return e;
        }
        throw new AssertionError("configuration was accepted: " + config);
    }

    @Nested
    @DisplayName("accepted")
    class Accepted {

        @Test
        @DisplayName("a region alone is enough; the default HTTP client is url-connection")
        void regionOnly() {
            AwsSettings s = AwsSettings.from(base().build());
            assertThat(s.region()).isEqualTo("eu-west-1");
            assertThat(s.endpoint()).isEmpty();
            assertThat(s.hasStaticCredentials()).isFalse();
            assertThat(s.httpClient()).isEqualTo(AwsSettings.URL_CONNECTION);
        }

        @Test
        @DisplayName("endpoint, static credentials and the Apache client are read")
        void everything() {
            AwsSettings s = AwsSettings.from(base().set(AwsSettings.ENDPOINT, "http://localhost:4566")
                    .set(AwsSettings.ACCESS_KEY_ID, "AKIDEXAMPLE").set(AwsSettings.SECRET_ACCESS_KEY, "s3cr3t")
                    .set(AwsSettings.SESSION_TOKEN, "t0k3n").set(AwsSettings.HTTP_CLIENT, "Apache").build());
            assertThat(s.endpoint()).hasValueSatisfying(u -> assertThat(u).hasToString("http://localhost:4566"));
            assertThat(s.hasStaticCredentials()).isTrue();
            assertThat(s.httpClient()).isEqualTo(AwsSettings.APACHE);
        }

        @Test
        @DisplayName("keys come from the environment too")
        void environment() {
            AwsSettings s = AwsSettings.from(PolycloudConfig.builder()
                    .environment(Map.of("POLYCLOUD_AWS_REGION", "ap-southeast-2")).build());
            assertThat(s.region()).isEqualTo("ap-southeast-2");
        }

        @Test
        @DisplayName("the Lambda role is optional and read when set")
        void lambdaRole() {
            assertThat(AwsSettings.from(base().build()).lambdaRole()).isEmpty();
            assertThat(AwsSettings.from(base().set(AwsSettings.LAMBDA_ROLE,
                    "arn:aws:iam::123456789012:role/service-role/polycloud-lambda").build()).lambdaRole())
                    .contains("arn:aws:iam::123456789012:role/service-role/polycloud-lambda");
            assertThat(AwsSettings.from(base().set(AwsSettings.LAMBDA_ROLE,
                    "arn:aws-cn:iam::000000000000:role/r").build()).lambdaRole()).isPresent();
        }

        @Test
        @DisplayName("gateways are HTTP APIs by default and REST APIs with gateway.type=rest")
        void gatewayType() {
            assertThat(AwsSettings.from(base().build()).gatewayType()).isEqualTo(AwsSettings.HTTP_API);
            assertThat(AwsSettings.from(base().set(AwsSettings.GATEWAY_TYPE, "rest").build()).gatewayType())
                    .isEqualTo(AwsSettings.REST_API);
            assertThat(AwsSettings.KEYS).contains(AwsSettings.GATEWAY_TYPE);
        }

        @Test
        @DisplayName("secrets never appear in toString")
        void masked() {
            AwsSettings s = AwsSettings.from(base().set(AwsSettings.ACCESS_KEY_ID, "AKIDEXAMPLE")
                    .set(AwsSettings.SECRET_ACCESS_KEY, "s3cr3t").set(AwsSettings.SESSION_TOKEN, "t0k3n").build());
            assertThat(s.toString()).doesNotContain("AKIDEXAMPLE", "s3cr3t", "t0k3n").contains("eu-west-1");
        }
    }

    @Nested
    @DisplayName("refused at open, naming the key")
    class Refused {

        @ParameterizedTest(name = "region \"{0}\"")
        @ValueSource(strings = {"moon-base-1", "useast1", "us_east_1", "us-east"})
        @DisplayName("a region that is not a region code")
        void badRegion(String region) {
            assertThat(refused(base().set(AwsSettings.REGION, region).build()).getMessage())
                    .contains(AwsSettings.REGION, region);
        }

        @ParameterizedTest(name = "role \"{0}\"")
        @ValueSource(strings = {"polycloud-lambda", "arn:aws:iam::123:role/x", "arn:aws:iam::123456789012:user/x",
            "arn:aws:lambda:us-east-1:123456789012:function:f"})
        @DisplayName("a Lambda role that is not an IAM role ARN")
        void badRole(String role) {
            assertThat(refused(base().set(AwsSettings.LAMBDA_ROLE, role).build()).getMessage())
                    .contains(AwsSettings.LAMBDA_ROLE, role);
        }

        @ParameterizedTest(name = "endpoint \"{0}\"")
        @ValueSource(strings = {"localhost:4566", "ftp://localhost", "http://", "not a uri"})
        @DisplayName("an endpoint that is not an absolute http(s) URI")
        void badEndpoint(String endpoint) {
            assertThat(refused(base().set(AwsSettings.ENDPOINT, endpoint).build()).getMessage())
                    .contains(AwsSettings.ENDPOINT);
        }

        @Test
        @DisplayName("half of the static credentials, naming the missing key and never the secret")
        void halfCredentials() {
            CloudException e = refused(base().set(AwsSettings.SECRET_ACCESS_KEY, "s3cr3t").build());
            assertThat(e.getMessage()).contains(AwsSettings.ACCESS_KEY_ID).doesNotContain("s3cr3t");
            assertThat(refused(base().set(AwsSettings.ACCESS_KEY_ID, "AKID").build()).getMessage())
                    .contains(AwsSettings.SECRET_ACCESS_KEY);
        }

        @Test
        @DisplayName("a session token without static credentials")
        void tokenAlone() {
            assertThat(refused(base().set(AwsSettings.SESSION_TOKEN, "t").build()).getMessage())
                    .contains(AwsSettings.SESSION_TOKEN);
        }

        @Test
        @DisplayName("an HTTP client other than url-connection or apache")
        void badHttpClient() {
            assertThat(refused(base().set(AwsSettings.HTTP_CLIENT, "netty").build()).getMessage())
                    .contains(AwsSettings.HTTP_CLIENT, "url-connection", "apache");
        }

        @Test
        @DisplayName("a gateway type other than http or rest")
        void badGatewayType() {
            assertThat(refused(base().set(AwsSettings.GATEWAY_TYPE, "websocket").build()).getMessage())
                    .contains(AwsSettings.GATEWAY_TYPE, "http", "rest");
        }

        @Test
        @DisplayName("a profile that is in no AWS config file")
        void unknownProfile() {
            assertThat(refused(base().set(AwsSettings.PROFILE, "no-such-profile-xyz").build()).getMessage())
                    .contains(AwsSettings.PROFILE, "no-such-profile-xyz");
        }

        @Test
        @DisplayName("no region anywhere")
        void noRegion() {
            Assumptions.assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
                    && System.getProperty("aws.region") == null, "a region is set in this environment");
            Assumptions.assumeTrue(java.nio.file.Files.notExists(java.nio.file.Path.of(System.getProperty("user.home"),
                    ".aws", "config")), "~/.aws/config may hold a region");
            CloudException e = assertRefusedAtOpen(PolycloudConfig.builder().provider("aws").build());
            assertThat(e.getMessage()).contains(AwsSettings.REGION, "POLYCLOUD_AWS_REGION");
        }

        private CloudException assertRefusedAtOpen(PolycloudConfig config) {
            try {
                Polycloud.open(config).close();
            } catch (CloudException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                return e;
            }
            throw new AssertionError("open succeeded");
        }
    }

    @Nested
    @DisplayName("opening a cloud")
    class Opening {

        @Test
        @DisplayName("open connects to nothing: an unreachable endpoint only matters once a building block is used")
        void lazy() {
            try (Cloud cloud = Polycloud.open(base().set(AwsSettings.ENDPOINT, "http://127.0.0.1:9")
                    .set(AwsSettings.ACCESS_KEY_ID, "a").set(AwsSettings.SECRET_ACCESS_KEY, "b").build())) {
                assertThat(cloud.provider()).isEqualTo("aws");
                assertThat(cloud.capabilities().provider()).isEqualTo("aws");
                cloud.queue("orders");
                cloud.topic("events");
                cloud.table("users");
                assertThatThrownBy(() -> cloud.queue("orders").exists())
                        .isInstanceOfSatisfying(CloudException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                            assertThat(e.provider()).contains("aws");
                        });
            }
        }

        @Test
        @DisplayName("unwrap hands out the native clients, one of each")
        void unwrap() {
            try (Cloud cloud = Polycloud.open(base().set(AwsSettings.ENDPOINT, "http://127.0.0.1:9")
                    .set(AwsSettings.ACCESS_KEY_ID, "a").set(AwsSettings.SECRET_ACCESS_KEY, "b").build())) {
                SqsClient sqs = cloud.unwrap(SqsClient.class);
                assertThat(cloud.unwrap(SqsClient.class)).isSameAs(sqs);
                assertThat(cloud.unwrap(SnsClient.class)).isNotNull();
                assertThat(cloud.unwrap(DynamoDbClient.class)).isNotNull();
            }
        }

        @Test
        @DisplayName("the provider declares SQS's, SNS's and DynamoDB's limits")
        void capabilities() {
            var caps = AwsCloudProvider.CAPABILITIES;
            assertThat(caps.queues().limits().maxAttributes()).isEqualTo(10);
            assertThat(caps.topics().limits().maxAttributes()).isEqualTo(9);
            assertThat(caps.queues().limits().maxBatchSize()).isEqualTo(10);
            assertThat(caps.queues().maxDelay()).hasMinutes(15);
            assertThat(caps.queues().nativeDeadLetter()).isTrue();
            assertThat(caps.topics().subscriptionFilters()).isTrue();
            assertThat(caps.topics().orderingGroups()).isFalse();
            assertThat(caps.tables().maxBatchGet()).isEqualTo(100);
            assertThat(caps.tables().maxBatchWrite()).isEqualTo(25);
            assertThat(caps.tables().maxItemBytes()).isLessThan(400 * 1024);
        }
    }
}

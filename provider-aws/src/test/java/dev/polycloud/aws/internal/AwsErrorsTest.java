package dev.polycloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

@DisplayName("AWS errors")
class AwsErrorsTest {

    private static AwsServiceException service(String code, int status, String message) {
        return AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .statusCode(status).requestId("req-1").message(message).build();
    }

    private static CloudException map(Exception e) {
        return AwsErrors.map((software.amazon.awssdk.core.exception.SdkException) e, "queue orders", "SendMessage");
    }

    @ParameterizedTest(name = "{0} (HTTP {1}) is {2}")
    @CsvSource({
            "AWS.SimpleQueueService.NonExistentQueue, 400, NOT_FOUND",
            "com.amazonaws.sqs#QueueDoesNotExist, 400, NOT_FOUND",
            "QueueDoesNotExist, 400, NOT_FOUND",
            "NotFound, 404, NOT_FOUND",
            "ResourceNotFoundException, 400, NOT_FOUND",
            "QueueAlreadyExists, 400, ALREADY_EXISTS",
            "ResourceInUseException, 400, ALREADY_EXISTS",
            "ConditionalCheckFailedException, 400, PRECONDITION_FAILED",
            "AWS.SimpleQueueService.MessageNotInflight, 400, PRECONDITION_FAILED",
            "ReceiptHandleIsInvalid, 400, PRECONDITION_FAILED",
            "ValidationException, 400, INVALID_ARGUMENT",
            "InvalidParameterValue, 400, INVALID_ARGUMENT",
            "InvalidParameter, 400, INVALID_ARGUMENT",
            "AWS.SimpleQueueService.BatchRequestTooLong, 400, INVALID_ARGUMENT",
            "SomethingInvalidNew, 400, INVALID_ARGUMENT",
            "AccessDenied, 403, PERMISSION_DENIED",
            "AccessDeniedException, 400, PERMISSION_DENIED",
            "AuthorizationError, 403, PERMISSION_DENIED",
            "UnrecognizedClientException, 400, UNAUTHENTICATED",
            "InvalidClientTokenId, 403, UNAUTHENTICATED",
            "SignatureDoesNotMatch, 403, UNAUTHENTICATED",
            "ExpiredToken, 400, UNAUTHENTICATED",
            "Throttling, 400, THROTTLED",
            "ThrottlingException, 400, THROTTLED",
            "ProvisionedThroughputExceededException, 400, THROTTLED",
            "RequestLimitExceeded, 400, THROTTLED",
            "AWS.SimpleQueueService.OverLimit, 403, THROTTLED",
            "ServiceUnavailable, 503, UNAVAILABLE",
            "InternalFailure, 500, UNAVAILABLE",
            "InternalServerError, 500, UNAVAILABLE",
            "RequestTimeout, 408, DEADLINE_EXCEEDED",
            "NotImplemented, 501, UNIMPLEMENTED",
            "AWS.SimpleQueueService.UnsupportedOperation, 400, UNIMPLEMENTED",
            "SomethingNew, 500, UNAVAILABLE",
            "SomethingNew, 502, UNAVAILABLE",
            "SomethingNew, 429, THROTTLED",
            "SomethingNew, 404, NOT_FOUND",
            "SomethingNew, 403, PERMISSION_DENIED",
            "SomethingNew, 401, UNAUTHENTICATED",
            "SomethingNew, 409, ALREADY_EXISTS",
            "SomethingNew, 412, PRECONDITION_FAILED",
            "SomethingNew, 413, INVALID_ARGUMENT",
            "SomethingNew, 418, UNKNOWN",
            // Lambda
            "ResourceNotFoundException, 404, NOT_FOUND",
            "ResourceConflictException, 409, ALREADY_EXISTS",
            "TooManyRequestsException, 429, THROTTLED",
            "InvalidParameterValueException, 400, INVALID_ARGUMENT",
            "InvalidRequestContentException, 400, INVALID_ARGUMENT",
            "RequestTooLargeException, 413, INVALID_ARGUMENT",
            "UnsupportedMediaTypeException, 415, INVALID_ARGUMENT",
            "InvalidZipFileException, 502, INVALID_ARGUMENT",
            "CodeStorageExceededException, 400, INVALID_ARGUMENT",
            "PolicyLengthExceededException, 400, INVALID_ARGUMENT",
            "PreconditionFailedException, 412, PRECONDITION_FAILED",
            "ResourceNotReadyException, 502, UNAVAILABLE",
            "ServiceException, 500, UNAVAILABLE",
            "EC2ThrottledException, 502, THROTTLED",
            "ENILimitReachedException, 502, THROTTLED",
            "EC2AccessDeniedException, 502, PERMISSION_DENIED",
            "KMSNotFoundException, 502, NOT_FOUND",
            "SnapStartTimeoutException, 408, DEADLINE_EXCEEDED",
            "EFSMountTimeoutException, 408, DEADLINE_EXCEEDED",
            // API Gateway v2
            "NotFoundException, 404, NOT_FOUND",
            "ConflictException, 409, ALREADY_EXISTS",
            "BadRequestException, 400, INVALID_ARGUMENT",
            "AccessDeniedException, 403, PERMISSION_DENIED"})
    @DisplayName("service errors map by AWS code, then by HTTP status")
    void serviceErrors(String code, int status, ErrorCode expected) {
        assertThat(map(service(code, status, "details")).code()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:1:function:f",
            "The operation cannot be performed at this time. The function is currently in the following state: Pending"})
    @DisplayName("a Lambda conflict about a resource that is busy is UNAVAILABLE and retryable, not ALREADY_EXISTS")
    void busyLambda(String message) {
        CloudException e = map(service("ResourceConflictException", 409, message));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(map(service("ResourceConflictException", 409, "Function already exist: f")).code())
                .isEqualTo(ErrorCode.ALREADY_EXISTS);
    }

    @Test
    @DisplayName("a mapped error names the provider and resource, keeps the vendor exception and its details")
    void labelled() {
        AwsServiceException vendor = service("AWS.SimpleQueueService.NonExistentQueue", 400,
                "The specified queue does not exist.");
        CloudException e = map(vendor);
        assertThat(e.provider()).contains("aws");
        assertThat(e.resource()).contains("queue orders");
        assertThat(e.getCause()).isSameAs(vendor);
        assertThat(e.getMessage()).contains("SendMessage", "queue orders", "NonExistentQueue",
                "The specified queue does not exist.", "req-1");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    @DisplayName("the typed exceptions of the service SDKs map by their codes too")
    void typedExceptions() {
        assertThat(map(QueueDoesNotExistException.builder().awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AWS.SimpleQueueService.NonExistentQueue").build()).statusCode(400).build()).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(map(ResourceNotFoundException.builder().awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ResourceNotFoundException").build()).statusCode(400).build()).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(map(ConditionalCheckFailedException.builder().awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ConditionalCheckFailedException").build()).statusCode(400).build()).code())
                .isEqualTo(ErrorCode.PRECONDITION_FAILED);
    }

    @Test
    @DisplayName("authentication failures do not repeat AWS's message, which may echo the signed request")
    void authenticationMessage() {
        CloudException e = map(service("SignatureDoesNotMatch", 403,
                "The request signature ... Credential=AKIAEXAMPLE/20260101/us-east-1/sqs/aws4_request"));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(e.getMessage()).contains("SignatureDoesNotMatch").doesNotContain("AKIAEXAMPLE");
    }

    @Nested
    @DisplayName("client-side failures")
    class ClientSide {

        @Test
        @DisplayName("a connection failure is UNAVAILABLE and retryable")
        void connection() {
            CloudException e = map(SdkClientException.create("Unable to execute HTTP request",
                    new ConnectException("Connection refused")));
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
        }

        @Test
        @DisplayName("any other I/O failure is UNAVAILABLE")
        void io() {
            assertThat(map(SdkClientException.create("boom", new IOException("reset"))).code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);
        }

        @Test
        @DisplayName("a response the client cannot parse is INTERNAL and not retried, although parsers throw IOExceptions")
        void parseFailures() {
            class JsonParseException extends IOException {
                JsonParseException(String message) {
                    super(message);
                }
            }
            CloudException e = map(SdkClientException.create("Unable to unmarshall response (Unexpected character)",
                    new JsonParseException("Unexpected character ('}')")));
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.retryable()).isFalse();
            assertThat(map(SdkClientException.create("Unable to unmarshall response", null)).code())
                    .isEqualTo(ErrorCode.INTERNAL);
        }

        @Test
        @DisplayName("timeouts are DEADLINE_EXCEEDED")
        void timeouts() {
            assertThat(map(ApiCallTimeoutException.create(1000)).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
            assertThat(map(SdkClientException.create("read", new SocketTimeoutException("Read timed out"))).code())
                    .isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        }

        @Test
        @DisplayName("missing credentials are UNAUTHENTICATED, with a message saying how to configure them")
        void credentials() {
            CloudException e = map(SdkClientException.create(
                    "Unable to load credentials from any of the providers in the chain"));
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("polycloud.aws.access-key-id", "polycloud.aws.profile");
        }

        @Test
        @DisplayName("anything else is UNKNOWN")
        void other() {
            assertThat(map(SdkClientException.create("Something the SDK did not expect")).code())
                    .isEqualTo(ErrorCode.UNKNOWN);
        }
    }
}

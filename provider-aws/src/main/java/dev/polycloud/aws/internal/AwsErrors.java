package dev.polycloud.aws.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.HttpStatusCodes;
import dev.polycloud.internal.ParseFailures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place where AWS errors become {@link CloudException}s: every driver call goes through
 * {@link #call(String, String, Supplier)}. The vendor exception is kept as the cause, the
 * provider is {@code aws} and the resource is named. Error codes of SQS (query and JSON
 * protocols), SNS, DynamoDB, STS, Lambda and API Gateway are looked up by name first, then the exception's own
 * throttling flag, then the HTTP status; client-side failures are sorted by their cause.
 *
 * <p>Messages carry the AWS error code and message but never credentials: for authentication
 * failures (whose AWS messages may echo the request signature) only the code is repeated.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AwsErrors {

    /** The provider id used in every exception. */
    public static final String PROVIDER = "aws";

    private static final Map<String, ErrorCode> CODES = Map.ofEntries(
            // not found
            Map.entry("NonExistentQueue", ErrorCode.NOT_FOUND),
            Map.entry("QueueDoesNotExist", ErrorCode.NOT_FOUND),
            Map.entry("NotFound", ErrorCode.NOT_FOUND),
            Map.entry("NotFoundException", ErrorCode.NOT_FOUND),
            Map.entry("ResourceNotFound", ErrorCode.NOT_FOUND),
            Map.entry("ResourceNotFoundException", ErrorCode.NOT_FOUND),
            Map.entry("TableNotFoundException", ErrorCode.NOT_FOUND),
            Map.entry("NoSuchEntity", ErrorCode.NOT_FOUND),
            Map.entry("NoSuchEntityException", ErrorCode.NOT_FOUND),
            Map.entry("KMSNotFoundException", ErrorCode.NOT_FOUND),
            Map.entry("CodeSigningConfigNotFoundException", ErrorCode.NOT_FOUND),
            Map.entry("ProvisionedConcurrencyConfigNotFoundException", ErrorCode.NOT_FOUND),
            // already exists
            Map.entry("QueueAlreadyExists", ErrorCode.ALREADY_EXISTS),
            Map.entry("QueueNameExists", ErrorCode.ALREADY_EXISTS),
            Map.entry("ResourceInUseException", ErrorCode.ALREADY_EXISTS),
            Map.entry("TableAlreadyExistsException", ErrorCode.ALREADY_EXISTS),
            Map.entry("ResourceExistsException", ErrorCode.ALREADY_EXISTS),
            Map.entry("EntityAlreadyExists", ErrorCode.ALREADY_EXISTS),
            // Lambda: an existing function, mapping or permission statement (see IN_TRANSITION for the
            // "update in progress" variant); API Gateway: a conflicting route or resource
            Map.entry("ResourceConflictException", ErrorCode.ALREADY_EXISTS),
            Map.entry("ConflictException", ErrorCode.ALREADY_EXISTS),
            // failed conditions, lost leases
            Map.entry("ConditionalCheckFailedException", ErrorCode.PRECONDITION_FAILED),
            Map.entry("TransactionConflictException", ErrorCode.PRECONDITION_FAILED),
            Map.entry("MessageNotInflight", ErrorCode.PRECONDITION_FAILED),
            Map.entry("ReceiptHandleIsInvalid", ErrorCode.PRECONDITION_FAILED),
            Map.entry("InvalidReceiptHandle", ErrorCode.PRECONDITION_FAILED),
            Map.entry("PreconditionFailedException", ErrorCode.PRECONDITION_FAILED),
            // bad input
            Map.entry("ValidationException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("ValidationError", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidParameter", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidParameterException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidParameterValue", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidParameterValueException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidParameterCombination", ErrorCode.INVALID_ARGUMENT),
            Map.entry("MissingParameter", ErrorCode.INVALID_ARGUMENT),
            Map.entry("MissingRequiredParameterException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidAttributeName", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidAttributeValue", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidMessageContents", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidIdFormat", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidBatchEntryId", ErrorCode.INVALID_ARGUMENT),
            Map.entry("BatchEntryIdsNotDistinct", ErrorCode.INVALID_ARGUMENT),
            Map.entry("BatchRequestTooLong", ErrorCode.INVALID_ARGUMENT),
            Map.entry("EmptyBatchRequest", ErrorCode.INVALID_ARGUMENT),
            Map.entry("TooManyEntriesInBatchRequest", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidQueryParameter", ErrorCode.INVALID_ARGUMENT),
            Map.entry("SerializationException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidAction", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidSecurity", ErrorCode.INVALID_ARGUMENT),
            Map.entry("PurgeQueueInProgress", ErrorCode.THROTTLED),
            Map.entry("QueueDeletedRecently", ErrorCode.UNAVAILABLE),
            Map.entry("ItemCollectionSizeLimitExceededException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("FilterPolicyLimitExceeded", ErrorCode.INVALID_ARGUMENT),
            Map.entry("SubscriptionLimitExceeded", ErrorCode.INVALID_ARGUMENT),
            Map.entry("TopicLimitExceeded", ErrorCode.INVALID_ARGUMENT),
            // Lambda and API Gateway: bad requests, code packages, sizes
            Map.entry("BadRequestException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidRequestContentException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("RequestTooLargeException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("RequestEntityTooLargeException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("UnsupportedMediaTypeException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidZipFileException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidRuntimeException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidSubnetIDException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidSecurityGroupIDException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("CodeStorageExceededException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("CodeVerificationFailedException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("InvalidCodeSignatureException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("PolicyLengthExceededException", ErrorCode.INVALID_ARGUMENT),
            Map.entry("RecursiveInvocationException", ErrorCode.INVALID_ARGUMENT),
            // permissions and credentials
            Map.entry("AccessDenied", ErrorCode.PERMISSION_DENIED),
            Map.entry("AccessDeniedException", ErrorCode.PERMISSION_DENIED),
            Map.entry("AuthorizationError", ErrorCode.PERMISSION_DENIED),
            Map.entry("AuthorizationErrorException", ErrorCode.PERMISSION_DENIED),
            Map.entry("KMSAccessDenied", ErrorCode.PERMISSION_DENIED),
            Map.entry("KMSAccessDeniedException", ErrorCode.PERMISSION_DENIED),
            Map.entry("KmsAccessDenied", ErrorCode.PERMISSION_DENIED),
            Map.entry("KMSDisabledException", ErrorCode.PERMISSION_DENIED),
            Map.entry("EC2AccessDeniedException", ErrorCode.PERMISSION_DENIED),
            Map.entry("OptInRequired", ErrorCode.PERMISSION_DENIED),
            Map.entry("RequestExpired", ErrorCode.UNAUTHENTICATED),
            Map.entry("UnrecognizedClientException", ErrorCode.UNAUTHENTICATED),
            Map.entry("InvalidClientTokenId", ErrorCode.UNAUTHENTICATED),
            Map.entry("InvalidAccessKeyId", ErrorCode.UNAUTHENTICATED),
            Map.entry("SignatureDoesNotMatch", ErrorCode.UNAUTHENTICATED),
            Map.entry("InvalidSignatureException", ErrorCode.UNAUTHENTICATED),
            Map.entry("IncompleteSignature", ErrorCode.UNAUTHENTICATED),
            Map.entry("IncompleteSignatureException", ErrorCode.UNAUTHENTICATED),
            Map.entry("MissingAuthenticationToken", ErrorCode.UNAUTHENTICATED),
            Map.entry("MissingAuthenticationTokenException", ErrorCode.UNAUTHENTICATED),
            Map.entry("ExpiredToken", ErrorCode.UNAUTHENTICATED),
            Map.entry("ExpiredTokenException", ErrorCode.UNAUTHENTICATED),
            Map.entry("AuthFailure", ErrorCode.UNAUTHENTICATED),
            Map.entry("NotAuthorized", ErrorCode.UNAUTHENTICATED),
            // slow down
            Map.entry("Throttling", ErrorCode.THROTTLED),
            Map.entry("ThrottlingException", ErrorCode.THROTTLED),
            Map.entry("ThrottledException", ErrorCode.THROTTLED),
            Map.entry("RequestThrottled", ErrorCode.THROTTLED),
            Map.entry("RequestThrottledException", ErrorCode.THROTTLED),
            Map.entry("TooManyRequestsException", ErrorCode.THROTTLED),
            Map.entry("ProvisionedThroughputExceededException", ErrorCode.THROTTLED),
            Map.entry("RequestLimitExceeded", ErrorCode.THROTTLED),
            Map.entry("LimitExceededException", ErrorCode.THROTTLED),
            Map.entry("OverLimit", ErrorCode.THROTTLED),
            Map.entry("KMSThrottling", ErrorCode.THROTTLED),
            Map.entry("KMSThrottlingException", ErrorCode.THROTTLED),
            Map.entry("SlowDown", ErrorCode.THROTTLED),
            Map.entry("PriorRequestNotComplete", ErrorCode.THROTTLED),
            Map.entry("BandwidthLimitExceeded", ErrorCode.THROTTLED),
            Map.entry("EC2ThrottledException", ErrorCode.THROTTLED),
            Map.entry("ENILimitReachedException", ErrorCode.THROTTLED),
            Map.entry("SubnetIPAddressLimitReachedException", ErrorCode.THROTTLED),
            // the service is struggling
            Map.entry("ServiceUnavailable", ErrorCode.UNAVAILABLE),
            Map.entry("ServiceUnavailableException", ErrorCode.UNAVAILABLE),
            Map.entry("InternalFailure", ErrorCode.UNAVAILABLE),
            Map.entry("InternalError", ErrorCode.UNAVAILABLE),
            Map.entry("InternalErrorException", ErrorCode.UNAVAILABLE),
            Map.entry("InternalServerError", ErrorCode.UNAVAILABLE),
            Map.entry("InternalServerErrorException", ErrorCode.UNAVAILABLE),
            Map.entry("KMSInternalException", ErrorCode.UNAVAILABLE),
            Map.entry("KMSInvalidStateException", ErrorCode.UNAVAILABLE),
            Map.entry("ServiceException", ErrorCode.UNAVAILABLE),
            Map.entry("ResourceNotReadyException", ErrorCode.UNAVAILABLE),
            Map.entry("EC2UnexpectedException", ErrorCode.UNAVAILABLE),
            Map.entry("EFSIOException", ErrorCode.UNAVAILABLE),
            Map.entry("EFSMountConnectivityException", ErrorCode.UNAVAILABLE),
            Map.entry("EFSMountFailureException", ErrorCode.UNAVAILABLE),
            Map.entry("SnapStartException", ErrorCode.UNAVAILABLE),
            Map.entry("SnapStartNotReadyException", ErrorCode.UNAVAILABLE),
            Map.entry("EFSMountTimeoutException", ErrorCode.DEADLINE_EXCEEDED),
            Map.entry("SnapStartTimeoutException", ErrorCode.DEADLINE_EXCEEDED),
            Map.entry("RequestTimeout", ErrorCode.DEADLINE_EXCEEDED),
            Map.entry("RequestTimeoutException", ErrorCode.DEADLINE_EXCEEDED),
            // not implemented (moto answers NotImplemented for what it does not emulate)
            Map.entry("NotImplemented", ErrorCode.UNIMPLEMENTED),
            Map.entry("UnsupportedOperation", ErrorCode.UNIMPLEMENTED),
            Map.entry("UnknownOperationException", ErrorCode.UNIMPLEMENTED),
            Map.entry("InvalidAction.NotImplemented", ErrorCode.UNIMPLEMENTED));

    private AwsErrors() {
    }

    /**
     * Runs an SDK call, mapping any failure.
     *
     * @param resource the resource, for example {@code "queue orders"}
     * @param operation what was attempted, for the message
     * @param call the SDK call
     * @param <T> the result type
     * @return the call's result
     * @throws CloudException the mapped failure
     */
    public static <T> T call(String resource, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (CloudException e) {
            throw e;
        } catch (SdkException e) {
            throw map(e, resource, operation);
        }
    }

    /**
     * Runs an asynchronous SDK call: the twin of {@link #call} for the {@code *AsyncClient}s. A failure to start
     * or a failed future completes the returned future with the mapped {@link CloudException} (never wrapped in a
     * {@link java.util.concurrent.CompletionException}); {@code refine} may replace the mapped exception, for
     * example to give a NOT_FOUND the resource's own message. Thread-safe; no retry (the portable layer retries).
     *
     * @param resource the resource, for example {@code "queue orders"}
     * @param operation what was attempted, for the message
     * @param call starts the SDK call
     * @param refine applied to every mapped failure; return the argument to keep it
     * @param <T> the result type
     * @return the call's result, or the mapped failure
     */
    public static <T> java.util.concurrent.CompletableFuture<T> callAsync(
            String resource, String operation, Supplier<java.util.concurrent.CompletableFuture<T>> call,
            java.util.function.UnaryOperator<CloudException> refine) {
        java.util.concurrent.CompletableFuture<T> started;
        try {
            started = call.get();
        } catch (CloudException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        } catch (SdkException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(refine.apply(map(e, resource, operation)));
        }
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        started.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            CloudException mapped = cause instanceof CloudException c ? c
                    : cause instanceof SdkException e ? map(e, resource, operation)
                    : new CloudException(ErrorCode.UNKNOWN, operation + " on " + resource + " failed: " + cause,
                            PROVIDER, resource, cause);
            result.completeExceptionally(refine.apply(mapped));
        });
        return result;
    }

    /**
     * Maps an SDK exception.
     *
     * @param e the SDK exception
     * @param resource the resource concerned
     * @param operation the operation, for the message
     * @return the mapped exception, with {@code e} as its cause
     */
    public static CloudException map(SdkException e, String resource, String operation) {
        if (e instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String awsCode = details == null ? null : details.errorCode();
            String awsMessage = details == null ? service.getMessage() : details.errorMessage();
            ErrorCode code = codeFor(awsCode, service.statusCode(), service.isThrottlingException());
            if (code == ErrorCode.ALREADY_EXISTS && inTransition(awsCode, awsMessage)) {
                code = ErrorCode.UNAVAILABLE;
            }
            StringBuilder message = new StringBuilder(operation).append(" on ").append(resource).append(" failed: ")
                    .append(awsCode == null ? "HTTP " + service.statusCode() : awsCode);
            if (code != ErrorCode.UNAUTHENTICATED && awsMessage != null && !awsMessage.isBlank()) {
                message.append(": ").append(awsMessage);
            }
            if (service.requestId() != null) {
                message.append(" (request id ").append(service.requestId()).append(')');
            }
            return new CloudException(code, message.toString(), PROVIDER, resource, e);
        }
        if (e instanceof SdkServiceException service) {
            ErrorCode code = codeFor(null, service.statusCode(), service.isThrottlingException());
            return new CloudException(code, operation + " on " + resource + " failed: HTTP " + service.statusCode(),
                    PROVIDER, resource, e);
        }
        ErrorCode code = clientCode(e);
        String detail = code == ErrorCode.UNAUTHENTICATED
                ? "no usable AWS credentials (set polycloud.aws.access-key-id and polycloud.aws.secret-access-key,"
                        + " polycloud.aws.profile, or configure the default credentials chain)"
                : code == ErrorCode.INTERNAL
                ? ParseFailures.DESCRIPTION + " (not retried: it fails the same way every time): "
                        + ParseFailures.describe(ParseFailures.find(e).orElse(e))
                : e.getMessage();
        return new CloudException(code, operation + " on " + resource + " failed: " + detail, PROVIDER, resource, e);
    }

    /**
     * Whether a Lambda conflict is about a resource that is busy (being created or updated) rather
     * than one that exists: Lambda answers {@code ResourceConflictException} for both, and the
     * busy kind passes once the update completes, so it is {@link ErrorCode#UNAVAILABLE}.
     *
     * @param awsCode the AWS error code
     * @param message the AWS error message
     * @return true for a resource in transition
     */
    static boolean inTransition(String awsCode, String message) {
        if (awsCode == null || message == null || !normalize(awsCode).equals("ResourceConflictException")) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("in progress") || m.contains("following state") || m.contains("cannot be performed at this time");
    }

    /**
     * The portable code of an AWS error code, falling back to the HTTP status.
     *
     * @param awsCode the AWS error code, or null
     * @param status the HTTP status, or 0
     * @param throttling whether the SDK classifies it as throttling
     * @return the portable code
     */
    public static ErrorCode codeFor(String awsCode, int status, boolean throttling) {
        if (awsCode != null) {
            ErrorCode known = CODES.get(normalize(awsCode));
            if (known != null) {
                return known;
            }
        }
        if (throttling) {
            return ErrorCode.THROTTLED;
        }
        if (status == 400 && awsCode != null && awsCode.toLowerCase(Locale.ROOT).contains("invalid")) {
            return ErrorCode.INVALID_ARGUMENT;
        }
        return status == 422 ? ErrorCode.INVALID_ARGUMENT : HttpStatusCodes.errorCode(status);
    }

    /**
     * Strips protocol decorations from an AWS error code: the JSON protocol's
     * {@code com.amazonaws.sqs#} prefix and SQS's {@code AWS.SimpleQueueService.} prefix.
     *
     * @param awsCode the code as received
     * @return the bare code
     */
    public static String normalize(String awsCode) {
        String code = awsCode;
        int hash = code.indexOf('#');
        if (hash >= 0) {
            code = code.substring(hash + 1);
        }
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        if (code.startsWith("AWS.SimpleQueueService.")) {
            code = code.substring("AWS.SimpleQueueService.".length());
        }
        return code;
    }

    private static ErrorCode clientCode(SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return ErrorCode.DEADLINE_EXCEEDED;
        }
        if (e instanceof AbortedException) {
            return ErrorCode.UNKNOWN;
        }
        if (ParseFailures.isParseFailure(e)) {
            // A response the client cannot parse fails the same way on every retry: not a network fault.
            return ErrorCode.INTERNAL;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
                return ErrorCode.UNKNOWN;
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return ErrorCode.DEADLINE_EXCEEDED;
            }
            if (t instanceof IOException) {
                return ErrorCode.UNAVAILABLE;
            }
            if (t.getClass().getName().endsWith("CredentialsProviderException")) {
                return ErrorCode.UNAUTHENTICATED;
            }
            String message = t.getMessage();
            if (t instanceof SdkClientException && message != null
                    && message.toLowerCase(Locale.ROOT).contains("unable to load credentials")) {
                return ErrorCode.UNAUTHENTICATED;
            }
        }
        return ErrorCode.UNKNOWN;
    }
}

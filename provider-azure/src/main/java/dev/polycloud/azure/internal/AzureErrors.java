package dev.polycloud.azure.internal;


import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.data.tables.models.TableServiceException;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.queue.models.QueueStorageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polycloud.azure.functions.FunctionsProtocol;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.HttpStatusCodes;
import dev.polycloud.internal.ParseFailures;
import dev.polycloud.function.FunctionFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where Azure errors become {@link CloudException}s: HTTP status and service
 * error code for Storage Queues, Blob Storage, Table Storage and the Service Bus management API, the failure
 * reason for Service Bus messaging, Resource Manager answers (function apps, API Management),
 * the answers of a function's HTTP trigger, and transport failures (timeouts, refused connections).
 *
 * <p>Every mapped exception names the provider ({@value #PROVIDER}) and the resource, keeps the
 * vendor exception as its cause, and has a message built from the status, the service error code
 * and the service's own message (never the request URL, so no SAS token or key can leak).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureErrors {

    /** The provider id put on every exception. */
    public static final String PROVIDER = "azure";

    /** Service error codes with a more precise meaning than their HTTP status. */
    private static final Map<String, ErrorCode> BY_SERVICE_CODE = Map.ofEntries(
            Map.entry("queuenotfound", ErrorCode.NOT_FOUND),
            Map.entry("tablenotfound", ErrorCode.NOT_FOUND),
            Map.entry("resourcenotfound", ErrorCode.NOT_FOUND),
            Map.entry("messagenotfound", ErrorCode.NOT_FOUND),
            Map.entry("entitynotfound", ErrorCode.NOT_FOUND),
            Map.entry("containernotfound", ErrorCode.NOT_FOUND),
            Map.entry("blobnotfound", ErrorCode.NOT_FOUND),
            Map.entry("containeralreadyexists", ErrorCode.ALREADY_EXISTS),
            Map.entry("blobalreadyexists", ErrorCode.ALREADY_EXISTS),
            Map.entry("containerbeingdeleted", ErrorCode.UNAVAILABLE),
            Map.entry("queuealreadyexists", ErrorCode.ALREADY_EXISTS),
            Map.entry("tablealreadyexists", ErrorCode.ALREADY_EXISTS),
            Map.entry("entityalreadyexists", ErrorCode.ALREADY_EXISTS),
            Map.entry("resourcealreadyexists", ErrorCode.ALREADY_EXISTS),
            // Deleted names are reserved for a while (about 30 s on Azure): trying again later works.
            Map.entry("queuebeingdeleted", ErrorCode.UNAVAILABLE),
            Map.entry("tablebeingdeleted", ErrorCode.UNAVAILABLE),
            Map.entry("queuedisabled", ErrorCode.UNAVAILABLE),
            Map.entry("updateconditionnotsatisfied", ErrorCode.PRECONDITION_FAILED),
            Map.entry("conditionnotmet", ErrorCode.PRECONDITION_FAILED),
            Map.entry("popreceiptmismatch", ErrorCode.PRECONDITION_FAILED),
            // Storage answers a bad account key or signature with 403; it is an authentication failure.
            Map.entry("authenticationfailed", ErrorCode.UNAUTHENTICATED),
            Map.entry("invalidauthenticationinfo", ErrorCode.UNAUTHENTICATED),
            Map.entry("noauthenticationinformation", ErrorCode.UNAUTHENTICATED),
            Map.entry("authorizationfailure", ErrorCode.PERMISSION_DENIED),
            Map.entry("authorizationpermissionmismatch", ErrorCode.PERMISSION_DENIED),
            Map.entry("authorizationresourcetypemismatch", ErrorCode.PERMISSION_DENIED),
            Map.entry("insufficientaccountpermissions", ErrorCode.PERMISSION_DENIED),
            Map.entry("serverbusy", ErrorCode.THROTTLED),
            Map.entry("operationtimedout", ErrorCode.DEADLINE_EXCEEDED),
            Map.entry("requestbodytoolarge", ErrorCode.INVALID_ARGUMENT),
            Map.entry("messagetoolarge", ErrorCode.INVALID_ARGUMENT),
            Map.entry("entitytoolarge", ErrorCode.INVALID_ARGUMENT),
            Map.entry("propertyvaluetoolarge", ErrorCode.INVALID_ARGUMENT),
            Map.entry("toomanyproperties", ErrorCode.INVALID_ARGUMENT),
            Map.entry("propertynametoolong", ErrorCode.INVALID_ARGUMENT),
            Map.entry("invalidinput", ErrorCode.INVALID_ARGUMENT),
            Map.entry("outofrangeinput", ErrorCode.INVALID_ARGUMENT),
            Map.entry("outofrangequeryparametervalue", ErrorCode.INVALID_ARGUMENT),
            Map.entry("invalidresourcename", ErrorCode.INVALID_ARGUMENT),
            // Azure Resource Manager (the function app's and API Management's management API).
            Map.entry("notfound", ErrorCode.NOT_FOUND),
            Map.entry("resourcegroupnotfound", ErrorCode.NOT_FOUND),
            Map.entry("subscriptionnotfound", ErrorCode.NOT_FOUND),
            Map.entry("parentresourcenotfound", ErrorCode.NOT_FOUND),
            Map.entry("authorizationfailed", ErrorCode.PERMISSION_DENIED),
            Map.entry("linkedauthorizationfailed", ErrorCode.PERMISSION_DENIED),
            Map.entry("invalidauthenticationtoken", ErrorCode.UNAUTHENTICATED),
            Map.entry("invalidauthenticationtokenaudience", ErrorCode.UNAUTHENTICATED),
            Map.entry("expiredauthenticationtoken", ErrorCode.UNAUTHENTICATED),
            Map.entry("authenticationfailedmissingtoken", ErrorCode.UNAUTHENTICATED),
            Map.entry("validationerror", ErrorCode.INVALID_ARGUMENT),
            Map.entry("invalidrequestcontent", ErrorCode.INVALID_ARGUMENT),
            Map.entry("invalidparameter", ErrorCode.INVALID_ARGUMENT),
            Map.entry("badrequest", ErrorCode.INVALID_ARGUMENT),
            Map.entry("preconditionfailed", ErrorCode.PRECONDITION_FAILED),
            Map.entry("toomanyrequests", ErrorCode.THROTTLED),
            Map.entry("requestthrottled", ErrorCode.THROTTLED),
            Map.entry("serviceunavailable", ErrorCode.UNAVAILABLE),
            Map.entry("gatewaytimeout", ErrorCode.DEADLINE_EXCEEDED));

    private static final ObjectMapper JSON = dev.polycloud.function.PayloadCodec.mapper(); // the SDK's one Jackson configuration

    private static final HttpHeaderName ERROR_CODE_HEADER = HttpHeaderName.fromString("x-ms-error-code");

    /** A service error code inside an XML or JSON error body. */
    private static final Pattern CODE_IN_BODY = Pattern.compile(
            "<Code>\\s*([A-Za-z]+)\\s*</Code>|\"code\"\\s*:\\s*\"([A-Za-z]+)\"");

    private AzureErrors() {
    }

    /**
     * Maps any failure of an Azure SDK call.
     *
     * @param error what the SDK threw
     * @param resource the resource concerned, for example {@code "queue orders"}
     * @return the exception to throw (the same one when it already is a {@link CloudException})
     */
    public static CloudException map(Throwable error, String resource) {
        if (error instanceof CloudException c) {
            return c.withContext(PROVIDER, resource);
        }
        HttpResponseException http = find(error, HttpResponseException.class);
        if (http != null && status(http) / 100 == 2 && findParseFailure(error) != null) {
            // A success status whose body could not be parsed ("Deserialization Failed"): the status says nothing.
            return parseFailure(findParseFailure(error), resource, error);
        }
        if (http != null) {
            return fromHttp(http, resource);
        }
        ServiceBusException bus = find(error, ServiceBusException.class);
        if (bus != null) {
            return fromServiceBus(bus, resource);
        }
        Throwable timeout = findTimeout(error);
        if (timeout != null) {
            return new CloudException(ErrorCode.DEADLINE_EXCEEDED,
                    "Azure did not answer in time for " + resource + ": " + describe(timeout), PROVIDER, resource, error);
        }
        Throwable parse = findParseFailure(error);
        if (parse != null) {
            return parseFailure(parse, resource, error);
        }
        if (find(error, ConnectException.class) != null || find(error, UnknownHostException.class) != null
                || find(error, IOException.class) != null) {
            return new CloudException(ErrorCode.UNAVAILABLE,
                    "Could not reach Azure for " + resource + ": " + describe(rootCause(error)), PROVIDER, resource, error);
        }
        if (error instanceof IllegalArgumentException) {
            return new CloudException(ErrorCode.INVALID_ARGUMENT,
                    "The Azure SDK rejected an argument for " + resource + ": " + error.getMessage(), PROVIDER, resource,
                    error);
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while calling Azure for " + resource,
                    PROVIDER, resource, error);
        }
        return new CloudException(ErrorCode.UNKNOWN, "Azure call for " + resource + " failed: " + describe(error),
                PROVIDER, resource, error);
    }

    /**
     * The code an HTTP status and service error code map to.
     *
     * @param status the HTTP status
     * @param serviceCode the service error code ({@code x-ms-error-code}), or null
     * @return the portable code
     */
    public static ErrorCode codeFor(int status, String serviceCode) {
        if (serviceCode != null) {
            ErrorCode byCode = BY_SERVICE_CODE.get(serviceCode.toLowerCase(Locale.ROOT));
            if (byCode != null) {
                return byCode;
            }
        }
        return switch (status) {
            case 410 -> ErrorCode.NOT_FOUND;
            case 416 -> ErrorCode.INVALID_ARGUMENT;
            default -> HttpStatusCodes.errorCode(status);
        };
    }

    /**
     * The service error code of an HTTP failure: the typed code of Storage and Tables exceptions,
     * else the {@code x-ms-error-code} header.
     *
     * @param e the exception
     * @return the code, or empty
     */
    static Optional<String> serviceCode(HttpResponseException e) {
        if (e instanceof TableServiceException t && t.getValue() != null && t.getValue().getErrorCode() != null) {
            return Optional.of(t.getValue().getErrorCode().toString());
        }
        if (e instanceof QueueStorageException q && q.getErrorCode() != null) {
            return Optional.of(q.getErrorCode().toString());
        }
        if (e instanceof BlobStorageException b && b.getErrorCode() != null) {
            return Optional.of(b.getErrorCode().toString());
        }
        HttpResponse response = e.getResponse();
        if (response != null) {
            String header = response.getHeaders().getValue(ERROR_CODE_HEADER);
            if (header != null && !header.isBlank()) {
                return Optional.of(header);
            }
        }
        // Some answers (an XML authentication failure on the Table endpoint) carry the code only in
        // the body, which the SDK puts in the message.
        Matcher m = CODE_IN_BODY.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
    }


    /**
     * The HTTP status of a failure, if it is an HTTP failure.
     *
     * @param error the failure
     * @return the status, or 0
     */
    public static int status(Throwable error) {
        HttpResponseException http = find(error, HttpResponseException.class);
        return http == null || http.getResponse() == null ? 0 : http.getResponse().getStatusCode();
    }

    /**
     * Whether a failure carries one of the given service error codes.
     *
     * @param error the failure
     * @param codes service error codes, compared case-insensitively
     * @return true if it carries one of them
     */
    public static boolean hasServiceCode(Throwable error, String... codes) {
        HttpResponseException http = find(error, HttpResponseException.class);
        if (http == null) {
            return false;
        }
        Optional<String> code = serviceCode(http);
        if (code.isEmpty()) {
            return false;
        }
        for (String c : codes) {
            if (c.equalsIgnoreCase(code.get())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Maps a function's HTTP trigger answer that is not a 2xx.
     *
     * <ul>
     *   <li>500 or 502 with the adapter's error body ({@link FunctionsProtocol#readError}): the
     *       handler failed, {@link FunctionFailedException} with its error type and message;</li>
     *   <li>404: no such function in the app, {@code NOT_FOUND}; 401: missing or wrong key,
     *       {@code UNAUTHENTICATED}; 403 (a disabled function, access restrictions):
     *       {@code PERMISSION_DENIED}; 429: {@code THROTTLED}; 408 and 504: {@code DEADLINE_EXCEEDED};
     *       413 and 414: {@code INVALID_ARGUMENT}; 502 and 503 (a stopped or starting app):
     *       {@code UNAVAILABLE};</li>
     *   <li>500 without the error body: {@code INTERNAL}, not retried: the function is not wrapped by
     *       the adapter, its handler class could not be loaded, or the host stopped it (its
     *       {@code functionTimeout}); the handler may have run.</li>
     * </ul>
     *
     * @param function the function name
     * @param status the HTTP status
     * @param body the answer's body
     * @return the exception to throw
     */
    public static CloudException functionAnswer(String function, int status, byte[] body) {
        String resource = "function " + function;
        if (status == FunctionsProtocol.FAILED_STATUS || status == FunctionsProtocol.GATEWAY_FAILED_STATUS) {
            Optional<String[]> error = FunctionsProtocol.readError(body);
            if (error.isPresent()) {
                return new FunctionFailedException(function, error.get()[0], error.get()[1], PROVIDER);
            }
        }
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 429 -> ErrorCode.THROTTLED;
            case 408, 504 -> ErrorCode.DEADLINE_EXCEEDED;
            case 413, 414, 400 -> ErrorCode.INVALID_ARGUMENT;
            case 502, 503 -> ErrorCode.UNAVAILABLE;
            case 500 -> ErrorCode.INTERNAL;
            default -> codeFor(status, null);
        };
        String why = switch (code) {
            case NOT_FOUND -> ": the function app has no function '" + function + "' at that URL";
            case UNAUTHENTICATED -> ": the function key is missing or wrong (polycloud.azure.functions.key)";
            case INTERNAL -> " without the Polycloud adapter's error body: the function does not run its handler"
                    + " through PolycloudAzure, its handler could not be loaded, or the host stopped it"
                    + " (functionTimeout)";
            default -> "";
        };
        String excerpt = excerpt(body);
        return new CloudException(code, "Azure Functions answered HTTP " + status + " for " + resource + why
                + (excerpt.isEmpty() ? "" : " (" + excerpt + ")"), PROVIDER, resource, null);
    }

    /**
     * Maps a Resource Manager answer that is not a success: the {@code error.code} of its JSON body
     * when it has one (ARM, App Service and API Management codes such as {@code ResourceNotFound},
     * {@code AuthorizationFailed}, {@code ValidationError}), else the status.
     *
     * @param status the HTTP status
     * @param body the answer's body (JSON or empty)
     * @param resource the resource concerned
     * @return the exception to throw
     */
    static CloudException management(int status, String body, String resource) {
        String serviceCode = null;
        String serviceMessage = null;
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            JsonNode error = node == null ? null : node.has("error") ? node.get("error") : node;
            if (error != null && error.path("code").isTextual()) {
                serviceCode = error.path("code").asText();
                serviceMessage = error.path("message").isTextual() ? error.path("message").asText() : null;
            }
        } catch (IOException e) {
            // not JSON: the status decides
        }
        // Status 0 is a failed long-running operation: only its error code tells what went wrong.
        ErrorCode code = codeFor(status, serviceCode);
        StringBuilder message = new StringBuilder("Azure Resource Manager ");
        message.append(status > 0 ? "answered HTTP " + status : "reported a failed operation");
        if (serviceCode != null) {
            message.append(' ').append(serviceCode);
        }
        message.append(" for ").append(resource);
        if (serviceMessage != null && !serviceMessage.isBlank()) {
            message.append(": ").append(serviceMessage.strip().lines().findFirst().orElse(""));
        }
        return new CloudException(code, message.toString(), PROVIDER, resource, null);
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8).strip();
        String first = text.lines().findFirst().orElse("").replaceAll("[^\\x20-\\x7E]", "?");
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }

    private static CloudException fromHttp(HttpResponseException e, String resource) {
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        String serviceCode = serviceCode(e).orElse(null);
        ErrorCode code = e instanceof ClientAuthenticationException && status == 0
                ? ErrorCode.UNAUTHENTICATED : codeFor(status, serviceCode);
        if (code == ErrorCode.PERMISSION_DENIED
                && String.valueOf(e.getMessage()).contains("failed to authenticate the request")) {
            // A bad signature answered as AuthorizationFailure (Azurite's Table endpoint does) is still
            // an authentication failure: the service says so in its message.
            code = ErrorCode.UNAUTHENTICATED;
        }
        StringBuilder message = new StringBuilder("Azure answered");
        if (status > 0) {
            message.append(" HTTP ").append(status);
        }
        if (serviceCode != null) {
            message.append(' ').append(serviceCode);
        }
        message.append(" for ").append(resource);
        serviceMessage(e).ifPresent(m -> message.append(": ").append(m));
        return new CloudException(code, message.toString(), PROVIDER, resource, e);
    }

    private static Optional<String> serviceMessage(HttpResponseException e) {
        String raw = null;
        if (e instanceof TableServiceException t && t.getValue() != null) {
            raw = t.getValue().getErrorMessage();
        } else if (e instanceof QueueStorageException q) {
            raw = q.getServiceMessage();
        } else if (e instanceof BlobStorageException b) {
            raw = b.getServiceMessage();
        }
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        // The first line is the human message; the rest is a request id and a time stamp.
        String first = raw.strip().lines().findFirst().orElse("").strip();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }

    private static CloudException fromServiceBus(ServiceBusException e, String resource) {
        ServiceBusFailureReason reason = e.getReason();
        ErrorCode code;
        if (ServiceBusFailureReason.MESSAGING_ENTITY_NOT_FOUND.equals(reason)
                || ServiceBusFailureReason.MESSAGE_NOT_FOUND.equals(reason)) {
            code = ErrorCode.NOT_FOUND;
        } else if (ServiceBusFailureReason.MESSAGING_ENTITY_ALREADY_EXISTS.equals(reason)) {
            code = ErrorCode.ALREADY_EXISTS;
        } else if (ServiceBusFailureReason.MESSAGE_LOCK_LOST.equals(reason)
                || ServiceBusFailureReason.SESSION_LOCK_LOST.equals(reason)
                || ServiceBusFailureReason.SESSION_CANNOT_BE_LOCKED.equals(reason)) {
            code = ErrorCode.PRECONDITION_FAILED;
        } else if (ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED.equals(reason)) {
            code = ErrorCode.INVALID_ARGUMENT;
        } else if (ServiceBusFailureReason.UNAUTHORIZED.equals(reason)) {
            code = ErrorCode.PERMISSION_DENIED;
        } else if (ServiceBusFailureReason.SERVICE_BUSY.equals(reason)
                || ServiceBusFailureReason.QUOTA_EXCEEDED.equals(reason)) {
            code = ErrorCode.THROTTLED;
        } else if (ServiceBusFailureReason.SERVICE_TIMEOUT.equals(reason)) {
            code = ErrorCode.DEADLINE_EXCEEDED;
        } else if (ServiceBusFailureReason.SERVICE_COMMUNICATION_ERROR.equals(reason)
                || ServiceBusFailureReason.MESSAGING_ENTITY_DISABLED.equals(reason) || e.isTransient()) {
            code = ErrorCode.UNAVAILABLE;
        } else {
            code = ErrorCode.UNKNOWN;
        }
        return new CloudException(code, "Service Bus failed for " + resource + " (" + reason + "): "
                + describe(rootCause(e)), PROVIDER, resource, e);
    }

    private static CloudException parseFailure(Throwable parse, String resource, Throwable error) {
        return new CloudException(ErrorCode.INTERNAL, "Azure call for " + resource + " failed: "
                + ParseFailures.DESCRIPTION + " (not retried: it fails the same way every time): "
                + ParseFailures.describe(parse), PROVIDER, resource, error);
    }

    /** A deterministic response parse failure in the cause chain ({@link ParseFailures}: not a network failure). */
    private static Throwable findParseFailure(Throwable error) {
        return ParseFailures.find(error).orElse(null);
    }

    private static Throwable findTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t.getClass().getName().endsWith(".ReadTimeoutException")
                    || t.getClass().getName().endsWith(".WriteTimeoutException")
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        int depth = 0;
        while (t.getCause() != null && t.getCause() != t && depth++ < 20) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String first = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : " " + first);
    }
}

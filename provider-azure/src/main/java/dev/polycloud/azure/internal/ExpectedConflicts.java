package dev.polycloud.azure.internal;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A pipeline policy that takes expected, handled failures out of the Azure SDK's error path. The SDK
 * logs every failed call at ERROR before throwing; a lost optimistic-concurrency race (412 on an ETag
 * condition), a lost insert-if-absent race (409 {@code EntityAlreadyExists}) or an update of an item that
 * is not there (404 {@code ResourceNotFound}), or an ack of a Storage Queue message whose delivery is over
 * (404 {@code MessageNotFound}) is a normal outcome that the driver turns into
 * {@code PRECONDITION_FAILED}, {@code ALREADY_EXISTS} or {@code NOT_FOUND} (and {@code Table.update}
 * retries), so it must not flood the logs.
 *
 * <p>Only requests whose {@link Context} (or, for the asynchronous clients, Reactor context) carries an
 * {@link Outcome} under {@link #KEY} are touched, and only for the statuses and service error codes that
 * outcome expects: the status and code are recorded in the outcome and the SDK sees an empty 204; the
 * driver turns the recorded outcome into the portable error itself. Any other answer (a missing table, a
 * throttled call, a server fault) passes through unchanged and is still logged by the SDK. To read the
 * service error code of a candidate answer without the {@code x-ms-error-code} header, its (small) error body
 * is buffered. Stateless and thread-safe (an outcome belongs to one call).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class ExpectedConflicts implements HttpPipelinePolicy {

    /** The context key of the outcome holder. */
    static final String KEY = "polycloud.expected-conflict";

    private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");
    private static final Pattern CODE_IN_BODY = Pattern.compile(
            "\"code\"\\s*:\\s*\"([A-Za-z]+)\"|<Code>\\s*([A-Za-z]+)\\s*</Code>");

    /**
     * What the service answered, for one call, and which failures of it are expected.
     */
    public static final class Outcome {
        private final int[] statuses;
        private final String[] codes;
        private volatile int status;
        private volatile String serviceCode;

        /** An outcome that expects a 412 Precondition Failed (an ETag condition not met), whatever its code. */
        public Outcome() {
            this(new int[] {412}, new String[] {null});
        }

        private Outcome(int[] statuses, String[] codes) {
            this.statuses = statuses;
            this.codes = codes;
        }

        /**
         * An outcome that expects 409 {@code EntityAlreadyExists} (an insert-if-absent that lost).
         *
         * @return the outcome
         */
        public static Outcome entityExists() {
            return new Outcome(new int[] {409}, new String[] {"EntityAlreadyExists"});
        }

        /**
         * An outcome that expects 404 {@code ResourceNotFound} (an update of a missing entity; a missing
         * table answers {@code TableNotFound} and is not absorbed) and 412 (an ETag condition not met).
         *
         * @return the outcome
         */
        public static Outcome entityMissingOrChanged() {
            return new Outcome(new int[] {404, 412}, new String[] {"ResourceNotFound", null});
        }

        /**
         * An outcome that expects a stale pop receipt of Storage Queues (404 {@code MessageNotFound}, 400
         * {@code PopReceiptMismatch}): an ack or nack of a delivery that is over, a no-op in the portable contract.
         *
         * @return the outcome
         */
        public static Outcome staleReceipt() {
            return new Outcome(new int[] {404, 400}, new String[] {"MessageNotFound", "PopReceiptMismatch"});
        }

        /**
         * The absorbed failure status, or 0 when the call succeeded.
         *
         * @return the status
         */
        public int status() {
            return status;
        }

        /**
         * The service error code of the absorbed failure, or null (none, or the call succeeded).
         *
         * @return the code
         */
        public String serviceCode() {
            return serviceCode;
        }

        /**
         * A context that routes this call's expected failures to this outcome (blocking clients).
         *
         * @return the context
         */
        public Context context() {
            return new Context(KEY, this);
        }

        /**
         * The same for the asynchronous clients, which read the Azure context from Reactor's
         * ({@code mono.contextWrite(outcome.reactorContext())}).
         *
         * @return the Reactor context
         */
        public reactor.util.context.Context reactorContext() {
            return reactor.util.context.Context.of(KEY, this);
        }

        /** The index of the expectation for this status, or -1. */
        int expects(int answered) {
            for (int i = 0; i < statuses.length; i++) {
                if (statuses[i] == answered) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Outcome outcome = outcome(context);
        if (outcome == null) {
            return next.process();
        }
        return next.process().flatMap(r -> {
            int i = outcome.expects(r.getStatusCode());
            if (i < 0) {
                return Mono.just(r);
            }
            if (outcome.codes[i] == null) {
                return Mono.just(absorb(outcome, r, null));
            }
            String header = r.getHeaders().getValue(ERROR_CODE);
            if (header != null && !header.isBlank()) {
                return Mono.just(decide(outcome, i, r, header));
            }
            HttpResponse buffered = r.buffer();
            return buffered.getBodyAsString().defaultIfEmpty("")
                    .map(body -> decide(outcome, i, buffered, codeIn(body)));
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Outcome outcome = outcome(context);
        HttpResponse r = next.processSync();
        if (outcome == null) {
            return r;
        }
        int i = outcome.expects(r.getStatusCode());
        if (i < 0) {
            return r;
        }
        if (outcome.codes[i] == null) {
            return absorb(outcome, r, null);
        }
        String header = r.getHeaders().getValue(ERROR_CODE);
        if (header != null && !header.isBlank()) {
            return decide(outcome, i, r, header);
        }
        HttpResponse buffered = r.buffer();
        return decide(outcome, i, buffered, codeIn(buffered.getBodyAsBinaryData().toString()));
    }

    private static Outcome outcome(HttpPipelineCallContext context) {
        return context.getData(KEY).filter(Outcome.class::isInstance).map(Outcome.class::cast).orElse(null);
    }

    private static HttpResponse decide(Outcome outcome, int expectation, HttpResponse r, String code) {
        return code != null && code.equalsIgnoreCase(outcome.codes[expectation]) ? absorb(outcome, r, code) : r;
    }

    private static String codeIn(String body) {
        Matcher m = CODE_IN_BODY.matcher(body == null ? "" : body);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    private static HttpResponse absorb(Outcome outcome, HttpResponse r, String code) {
        outcome.serviceCode = code;
        outcome.status = r.getStatusCode();
        r.close();
        return new Empty(r.getRequest());
    }

    /** An empty 204 standing in for the absorbed failure. */
    private static final class Empty extends HttpResponse {

        Empty(HttpRequest request) {
            super(request);
        }

        @Override
        public int getStatusCode() {
            return 204;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return null;
        }

        @Override
        public HttpHeaders getHeaders() {
            return new HttpHeaders();
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }
    }
}

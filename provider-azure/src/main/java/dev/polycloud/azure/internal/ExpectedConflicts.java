package dev.polycloud.azure.internal;

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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A pipeline policy that takes an expected conditional-write failure (412 Precondition Failed on
 * an ETag condition) out of the Azure SDK's error path. The SDK
 * logs every failed call at ERROR before throwing; a lost optimistic-concurrency race is a normal,
 * handled outcome ({@code Table.update} retries it), so it must not flood the logs.
 *
 * <p>Only requests whose {@link Context} carries an {@link Outcome} under {@link #KEY} are
 * touched: the failure status is recorded in the outcome and the SDK sees an empty 204, and the
 * driver turns the recorded status into {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED}
 * itself. Stateless and thread-safe (the outcome belongs to one call).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class ExpectedConflicts implements HttpPipelinePolicy {

    /** The context key of the outcome holder. */
    static final String KEY = "polycloud.expected-conflict";

    /** What the service answered, for one call. */
    public static final class Outcome {
        private volatile int status;

        /**
         * The absorbed failure status, or 0 when the call succeeded.
         *
         * @return the status
         */
        public int status() {
            return status;
        }

        /**
         * A context that routes this call's expected failures to this outcome.
         *
         * @return the context
         */
        public Context context() {
            return new Context(KEY, this);
        }
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Outcome outcome = outcome(context);
        if (outcome == null) {
            return next.process();
        }
        return next.process().map(r -> absorb(outcome, r));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Outcome outcome = outcome(context);
        HttpResponse r = next.processSync();
        return outcome == null ? r : absorb(outcome, r);
    }

    private static Outcome outcome(HttpPipelineCallContext context) {
        return context.getData(KEY).filter(Outcome.class::isInstance).map(Outcome.class::cast).orElse(null);
    }

    private static HttpResponse absorb(Outcome outcome, HttpResponse r) {
        int status = r.getStatusCode();
        if (status != 412) {
            return r;
        }
        outcome.status = status;
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

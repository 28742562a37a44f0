package dev.polycloud.azure.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Stand-ins for what the Azure Functions Java worker hands a function: the host cannot run on these
 * machines, so the tests implement the library's own interfaces ({@link HttpRequestMessage},
 * {@link HttpResponseMessage} and its builder, {@link ExecutionContext}) the way the worker does —
 * headers and single-valued query parameters as plain maps, the full request URI with its raw query,
 * the body as the declared binding type, a builder whose {@code header} replaces a previous value.
 */
public final class FakeHost {

    private FakeHost() {
    }

    /** A request as the worker builds it. */
    public static final class Request<T> implements HttpRequestMessage<T> {
        private final HttpMethod method;
        private final URI uri;
        private final Map<String, String> headers;
        private final Map<String, String> query;
        private final T body;

        /**
         * Creates a request.
         *
         * @param method the method
         * @param uri the full URI, raw query included
         * @param headers headers, as the worker gives them (one value per name)
         * @param query the single-valued query map the worker gives
         * @param body the body binding
         */
        public Request(HttpMethod method, URI uri, Map<String, String> headers, Map<String, String> query, T body) {
            this.method = method;
            this.uri = uri;
            this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            this.query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
            this.body = body;
        }

        @Override
        public URI getUri() {
            return uri;
        }

        @Override
        public HttpMethod getHttpMethod() {
            return method;
        }

        @Override
        public Map<String, String> getHeaders() {
            return headers;
        }

        @Override
        public Map<String, String> getQueryParameters() {
            return query;
        }

        @Override
        public T getBody() {
            return body;
        }

        @Override
        public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
            return new Builder().status(status);
        }

        @Override
        public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
            return new Builder().status(status);
        }
    }

    /** A response as the worker's builder makes it. */
    public static final class Response implements HttpResponseMessage {
        private final HttpStatusType status;
        private final Map<String, String> headers;
        private final Object body;

        Response(HttpStatusType status, Map<String, String> headers, Object body) {
            this.status = status;
            this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            this.body = body;
        }

        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String name) {
            return headers.get(name);
        }

        /**
         * Every header set.
         *
         * @return name to value, as set
         */
        public Map<String, String> headers() {
            return headers;
        }

        @Override
        public Object getBody() {
            return body;
        }
    }

    /** The worker's response builder: a later {@code header} of the same name replaces the earlier one. */
    public static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status = HttpStatus.OK;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType value) {
            this.status = value;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object value) {
            this.body = value;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return new Response(status, headers, body);
        }
    }

    /** An invocation's context, with a logger that keeps what was logged. */
    public static final class Context implements ExecutionContext {
        private final String functionName;
        private final String invocationId = UUID.randomUUID().toString();
        private final Logger logger;
        private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

        /**
         * Creates a context.
         *
         * @param functionName the function's name
         */
        public Context(String functionName) {
            this.functionName = functionName;
            this.logger = Logger.getAnonymousLogger();
            logger.setUseParentHandlers(false);
            logger.setLevel(Level.ALL);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord r) {
                    records.add(r);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }

        @Override
        public Logger getLogger() {
            return logger;
        }

        @Override
        public String getInvocationId() {
            return invocationId;
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        /**
         * What was logged.
         *
         * @return the records
         */
        public List<LogRecord> records() {
            synchronized (records) {
                return List.copyOf(records);
            }
        }
    }
}

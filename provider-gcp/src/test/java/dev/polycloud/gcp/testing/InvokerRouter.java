package dev.polycloud.gcp.testing;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The function one in-process Functions Framework invoker serves for tests: it stands for many
 * deployed functions at once, each reached under {@code /<function name>}, the way each Cloud
 * Function has its own URL. It strips that prefix and hands the request, otherwise untouched, to the
 * function registered under the name (the real adapter); an unknown name is 404, as Google's front
 * end answers for a function that does not exist.
 */
public final class InvokerRouter implements HttpFunction {

    private static final Map<String, HttpFunction> FUNCTIONS = new ConcurrentHashMap<>();

    /**
     * Serves a function under {@code /name}.
     *
     * @param name the function name (one path segment)
     * @param function the function
     */
    public static void register(String name, HttpFunction function) {
        FUNCTIONS.put(name, function);
    }

    /**
     * Stops serving a function.
     *
     * @param name the name
     */
    public static void unregister(String name) {
        FUNCTIONS.remove(name);
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        String target = dev.polycloud.internal.GatewayHttp.rawTarget(request.getUri());
        String rest = target.substring(1);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '/' || rest.charAt(i) == '?') {
                end = i;
                break;
            }
        }
        String name = rest.substring(0, end);
        HttpFunction function = FUNCTIONS.get(name);
        if (function == null) {
            response.setStatusCode(404);
            response.setContentType("text/plain");
            try (OutputStream out = response.getOutputStream()) {
                out.write(("No function " + name + " is deployed").getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        String inner = rest.substring(end);
        if (inner.isEmpty() || inner.startsWith("?")) {
            inner = "/" + inner;
        }
        function.service(new Stripped(request, inner), response);
    }

    /** The request as the function would see it at its own URL. */
    private record Stripped(HttpRequest delegate, String target) implements HttpRequest {

        @Override
        public String getMethod() {
            return delegate.getMethod();
        }

        @Override
        public String getUri() {
            return target;
        }

        @Override
        public String getPath() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        @Override
        public Optional<String> getQuery() {
            int q = target.indexOf('?');
            return q < 0 ? Optional.empty() : Optional.of(target.substring(q + 1));
        }

        @Override
        public Map<String, List<String>> getQueryParameters() {
            return delegate.getQueryParameters();
        }

        @Override
        public Map<String, HttpPart> getParts() {
            return delegate.getParts();
        }

        @Override
        public Optional<String> getContentType() {
            return delegate.getContentType();
        }

        @Override
        public long getContentLength() {
            return delegate.getContentLength();
        }

        @Override
        public Optional<String> getCharacterEncoding() {
            return delegate.getCharacterEncoding();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return delegate.getInputStream();
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return delegate.getReader();
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return delegate.getHeaders();
        }
    }
}

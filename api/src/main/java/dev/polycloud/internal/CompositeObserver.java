package dev.polycloud.internal;

import dev.polycloud.ErrorCode;
import dev.polycloud.spi.OperationObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several observers as one (metrics and traces together), see {@link OperationObserver#all}. Each call goes to
 * every observer in order; scopes are opened in order and closed in reverse; outgoing contexts are merged, the
 * first observer winning a key. Thread-safe when the observers are.
 *
 * @param observers the observers, in order
 */
public record CompositeObserver(List<OperationObserver> observers) implements OperationObserver {

    /**
     * Copies the list.
     *
     * @param observers the observers, in order
     */
    public CompositeObserver {
        observers = List.copyOf(observers);
    }

    @Override
    public void succeeded(String provider, String kind, String resource, String operation, long durationNanos) {
        observers.forEach(o -> o.succeeded(provider, kind, resource, operation, durationNanos));
    }

    @Override
    public void failed(String provider, String kind, String resource, String operation, long durationNanos,
                       ErrorCode code) {
        observers.forEach(o -> o.failed(provider, kind, resource, operation, durationNanos, code));
    }

    @Override
    public void retried(String provider, String kind, String resource, String operation, ErrorCode code) {
        observers.forEach(o -> o.retried(provider, kind, resource, operation, code));
    }

    @Override
    public void messages(String provider, String kind, String resource, String event, int count) {
        observers.forEach(o -> o.messages(provider, kind, resource, event, count));
    }

    @Override
    public void handlerStarted(String provider, String kind, String resource) {
        observers.forEach(o -> o.handlerStarted(provider, kind, resource));
    }

    @Override
    public void handled(String provider, String kind, String resource, long durationNanos, boolean success) {
        observers.forEach(o -> o.handled(provider, kind, resource, durationNanos, success));
    }

    @Override
    public void gatewayRequest(String provider, String gateway, String method, String route, int status,
                               long durationNanos) {
        observers.forEach(o -> o.gatewayRequest(provider, gateway, method, route, status, durationNanos));
    }

    @Override
    public Scope start(String provider, String kind, String resource, String operation) {
        List<Scope> scopes = new ArrayList<>(observers.size());
        for (OperationObserver o : observers) {
            scopes.add(o.start(provider, kind, resource, operation));
        }
        return new Scopes(scopes);
    }

    @Override
    public Scope startHandling(String provider, String kind, String resource, String operation,
                               Map<String, String> carrier) {
        List<Scope> scopes = new ArrayList<>(observers.size());
        for (OperationObserver o : observers) {
            scopes.add(o.startHandling(provider, kind, resource, operation, carrier));
        }
        return new Scopes(scopes);
    }

    @Override
    public Scope startInvocation(String provider, String function, String trigger, String invocationId,
                                 List<Map<String, String>> carriers) {
        List<Scope> scopes = new ArrayList<>(observers.size());
        for (OperationObserver o : observers) {
            scopes.add(o.startInvocation(provider, function, trigger, invocationId, carriers));
        }
        return new Scopes(scopes);
    }

    @Override
    public Scope startRequest(String provider, String gateway, String method, String route,
                              Map<String, String> headers) {
        List<Scope> scopes = new ArrayList<>(observers.size());
        for (OperationObserver o : observers) {
            scopes.add(o.startRequest(provider, gateway, method, route, headers));
        }
        return new Scopes(scopes);
    }

    @Override
    public Map<String, String> outgoingContext() {
        Map<String, String> merged = new HashMap<>();
        for (OperationObserver o : observers) {
            o.outgoingContext().forEach(merged::putIfAbsent);
        }
        return merged;
    }

    /** The scopes of the observers, ended in order and closed in reverse. */
    private record Scopes(List<Scope> scopes) implements Scope {
        @Override
        public void end(ErrorCode code) {
            scopes.forEach(s -> s.end(code));
        }

        @Override
        public void link(Map<String, String> carrier) {
            scopes.forEach(s -> s.link(carrier));
        }

        @Override
        public void httpStatus(int status) {
            scopes.forEach(s -> s.httpStatus(status));
        }

        @Override
        public void close() {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                scopes.get(i).close();
            }
        }
    }
}

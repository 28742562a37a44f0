package dev.polycloud.azure.functions;

import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.message.ReceivedMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Portable handlers the Azure tests run through the adapter, unchanged. */
public final class TestHandlers {

    private TestHandlers() {
    }

    /** Answers the payload bytes unchanged. */
    public static final class EchoBytes implements FunctionHandler<byte[], byte[]> {
        /** How many instances were made. */
        public static final AtomicInteger INSTANCES = new AtomicInteger();

        /** Counts the instance. */
        public EchoBytes() {
            INSTANCES.incrementAndGet();
        }

        @Override
        public byte[] handle(byte[] input, FunctionContext context) {
            return input;
        }
    }

    /** Answers {@code echo:} and the text. */
    public static final class EchoText implements FunctionHandler<String, String> {
        @Override
        public String handle(String input, FunctionContext context) {
            return "echo:" + input;
        }
    }

    /** The failure the failing handlers throw. */
    public static final class DeliberateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates it.
         *
         * @param message the message
         */
        public DeliberateException(String message) {
            super(message);
        }
    }

    /** Throws {@link DeliberateException} naming the input. */
    public static final class Failing implements FunctionHandler<String, String> {
        @Override
        public String handle(String input, FunctionContext context) {
            throw new DeliberateException("failed on purpose: " + input);
        }
    }

    /** Sleeps the given number of milliseconds. */
    public static final class Sleep implements FunctionHandler<String, String> {
        @Override
        public String handle(String input, FunctionContext context) throws InterruptedException {
            Thread.sleep(Long.parseLong(input.trim()));
            return "slept " + input.trim();
        }
    }

    /** A JSON request. */
    public record Order(String customer, int items, BigDecimal price) {
    }

    /** A JSON response. */
    public record Receipt(String customer, BigDecimal total, String function, String requestId) {
    }

    /** Prices an order; reports the context it saw. */
    public static final class Pricing implements FunctionHandler<Order, Receipt> {
        @Override
        public Receipt handle(Order order, FunctionContext context) {
            context.logger().info("pricing order of {}", order.customer());
            return new Receipt(order.customer(), order.price().multiply(BigDecimal.valueOf(order.items())),
                    context.functionName(), context.requestId());
        }
    }

    /** What {@link HttpEcho} saw. */
    public record Echo(String method, String rawPath, Map<String, String> pathParameters,
                       Map<String, List<String>> queryParameters, Map<String, List<String>> headers,
                       String probed, String bodyBase64) {
    }

    /**
     * Echoes the request as JSON with status 201 and a custom header; {@code ?fail} throws,
     * {@code ?mode=binary} answers the body as it came, {@code ?status=N} sets the status.
     */
    public static final class HttpEcho implements FunctionHandler<HttpRequest, HttpResponse> {
        @Override
        public HttpResponse handle(HttpRequest request, FunctionContext context) {
            if (request.queryParameter("fail").isPresent()) {
                throw new DeliberateException("gateway handler failed: " + request.queryParameter("fail").get());
            }
            int status = Integer.parseInt(request.queryParameter("status").orElse("201"));
            if (request.queryParameter("mode").filter("binary"::equals).isPresent()) {
                return new HttpResponse(status, new Headers(Map.of("Content-Type", List.of("application/octet-stream"),
                        "X-Multi", List.of("a", "b"))), request.body());
            }
            Echo echo = new Echo(request.method(), request.rawPath(), request.pathParameters(),
                    request.queryParameters(), request.headers().values(),
                    request.headers().first("X-PROBE").orElse(null),
                    Base64.getEncoder().encodeToString(request.body()));
            return new HttpResponse(status, Headers.of(Map.of("content-type", "application/json",
                    "x-served-by", context.functionName())), PayloadCodec.encode(echo));
        }
    }

    /** Records every batch; fails the messages whose attribute {@code fail} is {@code yes}. */
    public static final class Batches implements FunctionHandler<MessageBatch, BatchResult> {
        /** The batches seen. */
        public static final List<MessageBatch> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) {
            SEEN.add(batch);
            List<String> failed = new ArrayList<>();
            for (ReceivedMessage m : batch.messages()) {
                if ("yes".equals(m.attributes().get("fail"))) {
                    failed.add(m.id());
                }
            }
            return BatchResult.failed(failed);
        }
    }

    /** Throws a checked exception. */
    public static final class CheckedFailing implements FunctionHandler<MessageBatch, BatchResult> {
        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) throws IOException {
            throw new IOException("disk on fire");
        }
    }

    /** Throws an unchecked exception. */
    public static final class UncheckedFailing implements FunctionHandler<MessageBatch, BatchResult> {
        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) {
            throw new DeliberateException("batch failed on purpose");
        }
    }

    /** Cannot be instantiated: no no-argument constructor. */
    public static final class NoConstructor implements FunctionHandler<String, String> {
        /**
         * Needs an argument.
         *
         * @param x anything
         */
        public NoConstructor(String x) {
        }

        @Override
        public String handle(String input, FunctionContext context) {
            return input;
        }
    }
}

package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertFailsWith;
import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertNotFound;
import static dev.polycloud.conformance.CloudAssertions.assertUnimplemented;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.conformance.handlers.ContextHandler;
import dev.polycloud.conformance.handlers.DeliberateFailureException;
import dev.polycloud.conformance.handlers.EchoBytesHandler;
import dev.polycloud.conformance.handlers.EchoTextHandler;
import dev.polycloud.conformance.handlers.FailingHandler;
import dev.polycloud.conformance.handlers.OrderHandler;
import dev.polycloud.conformance.handlers.Recorder;
import dev.polycloud.conformance.handlers.RecordingHandler;
import dev.polycloud.conformance.handlers.SleepHandler;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The functions contract (DESIGN.md §5 "Functions", {@link Functions}): deploy, list, get and
 * delete; synchronous invocation with raw, text and JSON payloads; handler failures as
 * {@code FUNCTION_FAILED} with the handler's error type and message; timeouts; reserved
 * concurrency; asynchronous invocation with retries and an on-failure queue.
 *
 * <p>The handlers the suite deploys live in {@code dev.polycloud.conformance.handlers}. A runner
 * whose provider needs a code artifact overrides {@link #handlerArtifact()}; a runner whose
 * handlers do not run in the test's JVM overrides {@link #handlersRunInProcess()}, and the few
 * tests that can only observe handlers through the in-JVM {@link Recorder} are then skipped.
 */
@DisplayName("Functions")
public abstract class FunctionConformance extends FunctionSuiteSupport {

    /** A spec builder for a fresh function name, with the target's artifact. */
    protected FunctionSpec.Builder specFor(Class<? extends FunctionHandler<?, ?>> handler) {
        return specFor(uniqueName("fn"), handler);
    }

    /** A spec builder for a given function name, with the target's artifact. */
    protected FunctionSpec.Builder specFor(String name, Class<? extends FunctionHandler<?, ?>> handler) {
        FunctionSpec.Builder b = FunctionSpec.builder(name, handler);
        handlerArtifact().ifPresent(b::artifact);
        return b;
    }

    /** Deploys a fresh function running the handler; deleted when the class is done. */
    protected String deploy(Class<? extends FunctionHandler<?, ?>> handler) {
        return deploy(handler, b -> { });
    }

    /** Deploys a fresh function running the handler, with customised options. */
    protected String deploy(Class<? extends FunctionHandler<?, ?>> handler, Consumer<FunctionSpec.Builder> options) {
        Functions fns = functions();
        FunctionSpec.Builder b = specFor(handler);
        options.accept(b);
        FunctionSpec spec = b.build();
        afterwards(() -> Recorder.forget(spec.name()));
        afterwards(() -> fns.delete(spec.name()));
        fns.deploy(spec);
        return spec.name();
    }

    /** A fresh queue, deleted when the class is done. */
    protected Queue newQueue() {
        Queue q = cloud.queue(uniqueName("q"));
        afterwards(q::delete);
        return q.create();
    }

    /** Waits (bounded by patience) until the recorder holds at least {@code count} invocations of a function. */
    protected List<Recorder.Invocation> awaitInvocations(String function, int count) {
        return eventually(() -> Recorder.events(function, Recorder.Invocation.class), l -> l.size() >= count);
    }

    private static byte[] allByteValues() {
        byte[] b = new byte[256 + 4];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0x80};
        System.arraycopy(invalidUtf8, 0, b, 256, invalidUtf8.length);
        return b;
    }

    // ---------------------------------------------------------------- deploying and managing

    @Nested
    @DisplayName("deploying and managing")
    class Managing {

        @Test
        @DisplayName("a deployed function is listed, and get returns the spec it was deployed with")
        void deployListGet() {
            Functions fns = functions();
            FunctionSpec spec = specFor(EchoTextHandler.class)
                    .memoryMb(256)
                    .timeout(Duration.ofSeconds(7))
                    .environment("COLOUR", "teal")
                    .environment("GREETING", "héllo ✓")
                    .build();
            afterwards(() -> fns.delete(spec.name()));
            assertThat(fns.get(spec.name())).as("get before deploy").isEmpty();
            assertThat(fns.deploy(spec)).isEqualTo(spec);

            FunctionSpec got = fns.get(spec.name()).orElseThrow(() -> new AssertionError("get after deploy is empty"));
            assertThat(got.name()).isEqualTo(spec.name());
            assertThat(got.handler()).isEqualTo(EchoTextHandler.class.getName());
            assertThat(got.memoryMb()).isEqualTo(256);
            assertThat(got.timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(got.environment()).isEqualTo(Map.of("COLOUR", "teal", "GREETING", "héllo ✓"));
            assertThat(fns.list()).extracting(FunctionSpec::name).contains(spec.name());
        }

        @Test
        @DisplayName("deploying again under the same name updates the function in place")
        void redeployUpdates() {
            Functions fns = functions();
            String fn = deploy(ContextHandler.class, b -> b.environment("VERSION", "1"));
            assertThat(fns.invoke(fn, "", ContextHandler.Info.class).environment()).containsEntry("VERSION", "1");

            fns.deploy(specFor(fn, ContextHandler.class).environment("VERSION", "2")
                    .timeout(Duration.ofSeconds(9)).build());
            assertThat(fns.get(fn).orElseThrow().environment()).isEqualTo(Map.of("VERSION", "2"));
            assertThat(fns.get(fn).orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(9));
            assertThat(eventually(() -> fns.invoke(fn, "", ContextHandler.Info.class).environment().get("VERSION"),
                    "2"::equals)).as("environment seen by the handler after redeploy").isEqualTo("2");
            assertThat(fns.list()).extracting(FunctionSpec::name).containsOnlyOnce(fn);
        }

        @Test
        @DisplayName("a deleted function is gone: get is empty, list omits it, invoke fails with NOT_FOUND")
        void deleteRemoves() {
            Functions fns = functions();
            String fn = deploy(EchoTextHandler.class);
            assertThat(fns.invoke(fn, "alive")).isEqualTo("echo:alive");
            fns.delete(fn);
            assertThat(fns.get(fn)).isEmpty();
            assertThat(fns.list()).extracting(FunctionSpec::name).doesNotContain(fn);
            assertNotFound(() -> fns.invoke(fn, "dead"));
        }

        @Test
        @DisplayName("deleting a function that does not exist fails with NOT_FOUND")
        void deleteMissing() {
            Functions fns = functions();
            assertNotFound(() -> fns.delete(uniqueName("missing")));
        }

        @Test
        @DisplayName("get of a function never deployed is empty")
        void getMissing() {
            assertThat(functions().get(uniqueName("missing"))).isEmpty();
        }

        @Test
        @DisplayName("a timeout over the provider's maxTimeout is refused with INVALID_ARGUMENT")
        void timeoutOverMaximum() {
            Functions fns = functions();
            FunctionSpec spec = specFor(EchoTextHandler.class).timeout(caps().maxTimeout().plusSeconds(1)).build();
            afterwards(() -> fns.delete(spec.name()));
            assertInvalidArgument(() -> fns.deploy(spec));
            assertThat(fns.get(spec.name())).as("nothing deployed").isEmpty();
        }

        @Test
        @DisplayName("a bad name, handler, memory, timeout or concurrency is refused with INVALID_ARGUMENT")
        void invalidSpecs() {
            String handler = EchoTextHandler.class.getName();
            assertInvalidArgument(() -> FunctionSpec.builder("Bad_Name", handler).build());
            assertInvalidArgument(() -> FunctionSpec.builder("ab", handler).build());
            assertInvalidArgument(() -> FunctionSpec.builder(uniqueName("fn"), "not a class!").build());
            assertInvalidArgument(() -> FunctionSpec.builder(uniqueName("fn"), handler).memoryMb(64).build());
            assertInvalidArgument(() -> FunctionSpec.builder(uniqueName("fn"), handler).memoryMb(10_241).build());
            assertInvalidArgument(() -> FunctionSpec.builder(uniqueName("fn"), handler)
                    .timeout(Duration.ofMillis(500)).build());
            assertInvalidArgument(() -> FunctionSpec.builder(uniqueName("fn"), handler).reservedConcurrency(0).build());
            assertInvalidArgument(() -> FunctionSpec.builder(uniqueName("fn"), handler).onFailureQueue("Q_!").build());
            Functions fns = functions();
            assertInvalidArgument(() -> fns.invoke("Bad_Name", new byte[0]));
            assertInvalidArgument(() -> fns.get("Bad_Name"));
            assertInvalidArgument(() -> fns.delete("Bad_Name"));
        }
    }

    // ---------------------------------------------------------------- invoking

    @Nested
    @DisplayName("invoking synchronously")
    class Invoking {

        @Test
        @DisplayName("a binary payload that is not UTF-8 round-trips byte-exact")
        void bytesRoundTrip() {
            String fn = deploy(EchoBytesHandler.class);
            byte[] payload = allByteValues();
            assertThat(functions().invoke(fn, payload)).isEqualTo(payload);
        }

        @Test
        @DisplayName("an empty payload round-trips as an empty payload")
        void emptyPayload() {
            String fn = deploy(EchoBytesHandler.class);
            assertThat(functions().invoke(fn, new byte[0])).isEmpty();
        }

        @Test
        @DisplayName("text round-trips as UTF-8, unicode included")
        void textRoundTrip() {
            String fn = deploy(EchoTextHandler.class);
            String text = "héllo wörld ✓ 日本語 🎉 עברית\tline\nnext";
            assertThat(functions().invoke(fn, text)).isEqualTo(EchoTextHandler.PREFIX + text);
            assertThat(functions().invoke(fn, text.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo((EchoTextHandler.PREFIX + text).getBytes(StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("a JSON request and response map to and from records, decimals, instants and optionals")
        void jsonRoundTrip() {
            String fn = deploy(OrderHandler.class);
            Instant placed = Instant.parse("2024-02-29T23:59:58.123456Z");
            OrderHandler.Order order = new OrderHandler.Order("ada", List.of(
                    new OrderHandler.Line("sku-1", 2, new BigDecimal("19.99")),
                    new OrderHandler.Line("sku-ü", 3, new BigDecimal("0.10"))),
                    Map.of("gift", "yes", "note", "ünïcödé ✓"), placed, Optional.of("SPRING"));
            OrderHandler.Receipt r = functions().invoke(fn, order, OrderHandler.Receipt.class);
            assertThat(r.customer()).isEqualTo("ada");
            assertThat(r.items()).isEqualTo(5);
            assertThat(r.total()).isEqualByComparingTo("40.28");
            assertThat(r.skus()).containsExactly("sku-1", "sku-ü");
            assertThat(r.notes()).isEqualTo(order.notes());
            assertThat(r.placedAt()).isEqualTo(placed);
            assertThat(r.coupon()).contains("SPRING");
            assertThat(r.function()).isEqualTo(fn);

            OrderHandler.Receipt none = functions().invoke(fn,
                    new OrderHandler.Order("bob", List.of(), Map.of(), placed, Optional.empty()),
                    OrderHandler.Receipt.class);
            assertThat(none.items()).isZero();
            assertThat(none.coupon()).isEmpty();
        }

        @Test
        @DisplayName("the handler's context names the function, carries the environment and a fresh request id")
        void contextIsFilledIn() {
            String fn = deploy(ContextHandler.class, b -> b.timeout(Duration.ofSeconds(20))
                    .environment("MODE", "conformance").environment("EMPTY", ""));
            ContextHandler.Info first = functions().invoke(fn, "one", ContextHandler.Info.class);
            ContextHandler.Info second = functions().invoke(fn, "two", ContextHandler.Info.class);
            assertThat(first.functionName()).isEqualTo(fn);
            assertThat(first.input()).isEqualTo("one");
            assertThat(first.environment()).containsEntry("MODE", "conformance").containsEntry("EMPTY", "");
            assertThat(first.loggerPresent()).as("a logger is handed over").isTrue();
            assertThat(first.remainingMillis()).isPositive().isLessThanOrEqualTo(20_000);
            assertThat(first.requestId()).isNotBlank();
            assertThat(second.requestId()).as("request id of another invocation").isNotBlank()
                    .isNotEqualTo(first.requestId());
        }

        @Test
        @DisplayName("a payload of exactly maxPayloadBytes round-trips, one byte more is INVALID_ARGUMENT")
        void payloadLimit() {
            Assumptions.assumeTrue(caps().maxPayloadBytes() <= 16 * 1024 * 1024,
                    "maxPayloadBytes is over 16 MiB, too large to send in a test");
            String fn = deploy(EchoBytesHandler.class);
            byte[] largest = new byte[caps().maxPayloadBytes()];
            for (int i = 0; i < largest.length; i++) {
                largest[i] = (byte) (i * 31 + 7);
            }
            assertThat(functions().invoke(fn, largest)).isEqualTo(largest);
            CloudException e = assertInvalidArgument(() -> functions().invoke(fn, new byte[largest.length + 1]));
            assertThat(e.getMessage()).contains(Integer.toString(caps().maxPayloadBytes()));
        }

        @Test
        @DisplayName("fifty concurrent invocations each get their own answer")
        void concurrentInvocations() throws Exception {
            String fn = deploy(EchoTextHandler.class);
            Functions fns = functions();
            ExecutorService pool = Executors.newFixedThreadPool(25);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String input = "call-" + i;
                    answers.add(pool.submit(() -> fns.invoke(fn, input)));
                }
                for (int i = 0; i < 50; i++) {
                    assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(EchoTextHandler.PREFIX + "call-" + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ---------------------------------------------------------------- failures

    @Nested
    @DisplayName("failures")
    class Failures {

        @Test
        @DisplayName("a handler's exception is FUNCTION_FAILED with the exception's type and message")
        void handlerFailure() {
            String fn = deploy(FailingHandler.class);
            assertThatThrownBy(() -> functions().invoke(fn, "order-42"))
                    .isInstanceOfSatisfying(FunctionFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FUNCTION_FAILED);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.errorType()).isEqualTo(DeliberateFailureException.class.getName());
                        assertThat(e.errorMessage()).isEqualTo(FailingHandler.MESSAGE_PREFIX + "order-42");
                        assertThat(e.getMessage()).contains(DeliberateFailureException.class.getName())
                                .contains(FailingHandler.MESSAGE_PREFIX + "order-42");
                        assertThat(e.provider()).contains(cloud.provider());
                        assertThat(e.resource()).hasValueSatisfying(r -> assertThat(r).contains(fn));
                    });
        }

        @Test
        @DisplayName("a failed synchronous invocation runs the handler exactly once (the SDK does not retry it)")
        void failureIsNotRetried() {
            assumeInProcess();
            String fn = deploy(FailingHandler.class);
            assertFailsWith(ErrorCode.FUNCTION_FAILED, () -> functions().invoke(fn, "once"));
            sleep(quietWindow());
            assertThat(Recorder.events(fn, Recorder.Invocation.class)).extracting(Recorder.Invocation::payload)
                    .containsExactly("once");
        }

        @Test
        @DisplayName("a payload the handler's input type cannot decode is FUNCTION_FAILED naming the error")
        void undecodablePayload() {
            String fn = deploy(OrderHandler.class);
            assertThatThrownBy(() -> functions().invoke(fn, "{ this is not json".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(FunctionFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FUNCTION_FAILED);
                        assertThat(e.errorType()).isNotBlank();
                        assertThat(e.errorMessage()).isNotBlank();
                    });
        }

        @Test
        @DisplayName("a handler running past the timeout is DEADLINE_EXCEEDED, answered at the timeout")
        void timeout() {
            String fn = deploy(SleepHandler.class, b -> b.timeout(Duration.ofSeconds(1)));
            long start = System.nanoTime();
            CloudException e = assertFailsWith(ErrorCode.DEADLINE_EXCEEDED, () -> functions().invoke(fn, "4000"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e).isNotInstanceOf(FunctionFailedException.class);
            assertThat(took).as("time until the caller was answered").isLessThan(Duration.ofMillis(3500));
        }

        @Test
        @DisplayName("a function that timed out still serves the next invocation")
        void servesAfterTimeout() {
            String fn = deploy(SleepHandler.class, b -> b.timeout(Duration.ofSeconds(1)));
            assertFailsWith(ErrorCode.DEADLINE_EXCEEDED, () -> functions().invoke(fn, "2500"));
            assertThat(functions().invoke(fn, "10")).isEqualTo("slept 10");
        }

        @Test
        @DisplayName("invoking a function that does not exist fails with NOT_FOUND, in every payload form")
        void unknownFunction() {
            Functions fns = functions();
            String fn = uniqueName("missing");
            assertNotFound(() -> fns.invoke(fn, new byte[] {1, 2, 3}));
            assertNotFound(() -> fns.invoke(fn, "text"));
            assertNotFound(() -> fns.invoke(fn, Map.of("k", "v"), Map.class));
        }
    }

    // ---------------------------------------------------------------- concurrency

    @Nested
    @DisplayName("reserved concurrency")
    class Concurrency {

        @Test
        @DisplayName("an invocation beyond the reserved concurrency is THROTTLED, and served once a slot is free")
        void throttled() throws Exception {
            Assumptions.assumeTrue(caps().reservedConcurrency(), "provider does not declare reservedConcurrency");
            String fn = deploy(SleepHandler.class, b -> b.reservedConcurrency(1).timeout(Duration.ofSeconds(10)));
            Functions fns = functions();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<String> busy = pool.submit(() -> fns.invoke(fn, "3000"));
                if (handlersRunInProcess()) {
                    assertThat(awaitInvocations(fn, 1)).as("the first invocation started").isNotEmpty();
                } else {
                    sleep(Duration.ofSeconds(1));
                }
                CloudException e = assertFailsWith(ErrorCode.THROTTLED, () -> fns.invoke(fn, "0"));
                assertThat(e.retryable()).isTrue();
                assertThat(busy.get(15, TimeUnit.SECONDS)).as("the invocation holding the slot")
                        .isEqualTo("slept 3000");
                assertThat(fns.invoke(fn, "0")).as("an invocation once the slot is free").isEqualTo("slept 0");
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("invocations within the reserved concurrency all run")
        void withinLimit() throws Exception {
            Assumptions.assumeTrue(caps().reservedConcurrency(), "provider does not declare reservedConcurrency");
            String fn = deploy(SleepHandler.class, b -> b.reservedConcurrency(4));
            Functions fns = functions();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<String>> answers = IntStream.range(0, 3)
                        .mapToObj(i -> pool.submit(() -> fns.invoke(fn, "300"))).toList();
                for (Future<String> a : answers) {
                    assertThat(a.get(15, TimeUnit.SECONDS)).isEqualTo("slept 300");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(functions().get(fn).orElseThrow().reservedConcurrency()).contains(4);
        }
    }

    // ---------------------------------------------------------------- asynchronous invocation

    @Nested
    @DisplayName("invoking asynchronously")
    class Async {

        private void assumeAsync() {
            Assumptions.assumeTrue(caps().supported() && caps().asyncInvoke(), "provider does not declare asyncInvoke");
        }

        @Test
        @DisplayName("an asynchronous invocation returns a request id and runs the handler with that id")
        void asyncRuns() {
            assumeAsync();
            assumeInProcess();
            String fn = deploy(RecordingHandler.class);
            String requestId = functions().invokeAsync(fn, "later".getBytes(StandardCharsets.UTF_8));
            assertThat(requestId).isNotBlank();
            List<Recorder.Invocation> seen = awaitInvocations(fn, 1);
            assertThat(seen).as("invocations of %s", fn).hasSize(1);
            assertThat(seen.get(0).payload()).isEqualTo("later");
            assertThat(seen.get(0).requestId()).isEqualTo(requestId);
        }

        @Test
        @DisplayName("a failing asynchronous invocation runs three times in all, keeping its request id")
        void asyncRetries() {
            assumeAsync();
            assumeInProcess();
            String fn = deploy(FailingHandler.class);
            String requestId = functions().invokeAsync(fn, "retry-me".getBytes(StandardCharsets.UTF_8));
            List<Recorder.Invocation> seen = awaitInvocations(fn, 3);
            assertThat(seen).as("attempts").hasSize(3);
            sleep(quietWindow());
            seen = Recorder.events(fn, Recorder.Invocation.class);
            assertThat(seen).as("attempts after a quiet window").hasSize(3)
                    .allSatisfy(i -> {
                        assertThat(i.payload()).isEqualTo("retry-me");
                        assertThat(i.requestId()).isEqualTo(requestId);
                    });
        }

        @Test
        @DisplayName("an asynchronous invocation failing every retry lands on the on-failure queue with its payload and error type")
        void onFailureQueue() {
            assumeAsync();
            Queue failures = newQueue();
            String fn = deploy(FailingHandler.class, b -> b.onFailureQueue(failures.name()));
            assertThat(functions().get(fn).orElseThrow().onFailureQueue()).contains(failures.name());
            functions().invokeAsync(fn, "doomed-payload".getBytes(StandardCharsets.UTF_8));
            List<ReceivedMessage> got = receiveAtLeast(failures, 1);
            assertThat(got).as("messages on the on-failure queue %s", failures.name()).hasSize(1);
            ReceivedMessage m = got.get(0);
            failures.ack(m);
            assertThat(m.bodyAsString()).isEqualTo("doomed-payload");
            assertThat(m.attributes().values()).as("attributes of the on-failure message")
                    .contains(DeliberateFailureException.class.getName());
            assertThat(receiveDuring(failures, quietWindow())).as("further on-failure messages").isEmpty();
        }

        @Test
        @DisplayName("a successful asynchronous invocation sends nothing to the on-failure queue")
        void successSendsNothing() {
            assumeAsync();
            Queue failures = newQueue();
            String fn = deploy(RecordingHandler.class, b -> b.onFailureQueue(failures.name()));
            functions().invokeAsync(fn, "fine".getBytes(StandardCharsets.UTF_8));
            if (handlersRunInProcess()) {
                assertThat(awaitInvocations(fn, 1)).as("the handler ran").hasSize(1);
            }
            assertThat(receiveDuring(failures, quietWindow())).isEmpty();
        }

        @Test
        @DisplayName("invoking a function that does not exist asynchronously fails with NOT_FOUND")
        void asyncUnknown() {
            assumeAsync();
            assertNotFound(() -> functions().invokeAsync(uniqueName("missing"), new byte[] {1}));
        }
    }

    // ---------------------------------------------------------------- capabilities

    @Nested
    @DisplayName("capabilities")
    class Capability {

        @Test
        @DisplayName("without the functions capability, every call is UNIMPLEMENTED after its arguments are checked;"
                + " with it, limits are sane")
        void functionsDeclaredOrRefused() {
            if (!caps().supported()) {
                assertInvalidArgument(() -> cloud.functions().invoke("Bad_Name", new byte[0]));
                assertUnimplemented(() -> cloud.functions().invoke("good-name", new byte[0]));
                assertUnimplemented(() -> cloud.functions().list());
                return;
            }
            assertThat(cloud.functions().capabilities()).isEqualTo(caps());
            assertThat(caps().maxPayloadBytes()).isPositive();
            assertThat(caps().maxTimeout()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }

        @Test
        @DisplayName("reserved concurrency is kept when declared and refused with UNIMPLEMENTED when not")
        void reservedConcurrencyDeclaredOrRefused() {
            Functions fns = functions();
            FunctionSpec spec = specFor(EchoTextHandler.class).reservedConcurrency(2).build();
            afterwards(() -> fns.delete(spec.name()));
            if (caps().reservedConcurrency()) {
                fns.deploy(spec);
                assertThat(fns.get(spec.name()).orElseThrow().reservedConcurrency()).contains(2);
            } else {
                assertUnimplemented(() -> fns.deploy(spec));
            }
        }

        @Test
        @DisplayName("asynchronous invocation works when declared and is refused with UNIMPLEMENTED when not")
        void asyncDeclaredOrRefused() {
            String fn = deploy(EchoTextHandler.class);
            Functions fns = functions();
            if (caps().asyncInvoke()) {
                assertThat(fns.invokeAsync(fn, "x".getBytes(StandardCharsets.UTF_8))).isNotBlank();
            } else {
                assertUnimplemented(() -> fns.invokeAsync(fn, "x".getBytes(StandardCharsets.UTF_8)));
                FunctionSpec withQueue = specFor(EchoTextHandler.class).onFailureQueue("some-queue").build();
                assertUnimplemented(() -> fns.deploy(withQueue));
            }
        }
    }
}

package dev.polycloud.function;

import dev.polycloud.CloudException;
import dev.polycloud.internal.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to deploy: a named function running a {@link FunctionHandler} class.
 *
 * @param name the portable function name
 * @param handler the fully qualified class name of the {@link FunctionHandler} implementation
 * @param artifact the code artifact (a jar) holding the handler; empty when it is on the runtime's classpath
 *                 (local provider only)
 * @param memoryMb memory in MiB, 128 to 10,240
 * @param timeout the longest one invocation may run, 1 second to the provider's {@code maxTimeout}
 * @param environment environment variables handed to the handler
 * @param reservedConcurrency the most concurrent invocations, if limited; more are {@code THROTTLED}
 * @param onFailureQueue the queue that receives asynchronous invocations that failed every retry: the
 *                       message body is the original payload ({@code {}} when it was empty) and its
 *                       attributes are {@code function}, {@code request-id}, {@code error-type},
 *                       {@code attempts} and, when there is one, {@code error-message}
 */
public record FunctionSpec(String name, String handler, Optional<Path> artifact, int memoryMb, Duration timeout,
                           Map<String, String> environment, Optional<Integer> reservedConcurrency,
                           Optional<String> onFailureQueue) {

    /** The default memory, in MiB. */
    public static final int DEFAULT_MEMORY_MB = 512;
    /** The default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks the components.
     *
     * @param name see the record description
     * @param handler see the record description
     * @param artifact see the record description
     * @param memoryMb see the record description
     * @param timeout see the record description
     * @param environment see the record description
     * @param reservedConcurrency see the record description
     * @param onFailureQueue see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a bad name, handler,
     *                        memory, timeout or concurrency
     */
    public FunctionSpec {
        Names.validate("function", name);
        if (handler == null || !handler.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*")) {
            throw CloudException.invalidArgument("handler must be a fully qualified class name (found '" + handler
                    + "')");
        }
        artifact = artifact == null ? Optional.empty() : artifact;
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw CloudException.invalidArgument("memoryMb must be from 128 to 10240 (found " + memoryMb + ")");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw CloudException.invalidArgument("timeout must be at least 1 second (found " + timeout + ")");
        }
        environment = Map.copyOf(environment == null ? Map.of() : environment);
        reservedConcurrency = reservedConcurrency == null ? Optional.empty() : reservedConcurrency;
        if (reservedConcurrency.isPresent() && reservedConcurrency.get() < 1) {
            throw CloudException.invalidArgument("reservedConcurrency must be at least 1 (found "
                    + reservedConcurrency.get() + ")");
        }
        onFailureQueue = onFailureQueue == null ? Optional.empty() : onFailureQueue;
        onFailureQueue.ifPresent(q -> Names.validate("on-failure queue", q));
    }

    /**
     * Starts a spec.
     *
     * @param name the function name
     * @param handler the handler class name
     * @return a builder with the defaults
     */
    public static Builder builder(String name, String handler) {
        return new Builder(name, handler);
    }

    /**
     * Starts a spec for a handler class.
     *
     * @param name the function name
     * @param handler the handler class
     * @return a builder with the defaults
     */
    public static Builder builder(String name, Class<? extends FunctionHandler<?, ?>> handler) {
        return new Builder(name, handler.getName());
    }

    /** Builds a {@link FunctionSpec}. */
    public static final class Builder {
        private final String name;
        private final String handler;
        private Path artifact;
        private int memoryMb = DEFAULT_MEMORY_MB;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Integer reservedConcurrency;
        private String onFailureQueue;

        private Builder(String name, String handler) {
            this.name = name;
            this.handler = handler;
        }

        /**
         * Sets the code artifact.
         *
         * @param jar the jar holding the handler
         * @return this builder
         */
        public Builder artifact(Path jar) {
            this.artifact = jar;
            return this;
        }

        /**
         * Sets the memory.
         *
         * @param mb 128 to 10,240 MiB
         * @return this builder
         */
        public Builder memoryMb(int mb) {
            this.memoryMb = mb;
            return this;
        }

        /**
         * Sets the timeout.
         *
         * @param value at least one second
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * Adds an environment variable.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /**
         * Limits concurrency.
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder reservedConcurrency(int max) {
            this.reservedConcurrency = max;
            return this;
        }

        /**
         * Sends failed asynchronous invocations to a queue.
         *
         * @param queue the portable queue name
         * @return this builder
         */
        public Builder onFailureQueue(String queue) {
            this.onFailureQueue = queue;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         */
        public FunctionSpec build() {
            return new FunctionSpec(name, handler, Optional.ofNullable(artifact), memoryMb, timeout, environment,
                    Optional.ofNullable(reservedConcurrency), Optional.ofNullable(onFailureQueue));
        }
    }
}

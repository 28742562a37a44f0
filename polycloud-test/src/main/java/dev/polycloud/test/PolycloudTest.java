package dev.polycloud.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class with a {@link dev.polycloud.Cloud} ready to use: test methods (and constructors and
 * lifecycle methods) declare a {@code Cloud} or {@link dev.polycloud.local.LocalClock} parameter, or the class
 * declares non-static fields of those types, and {@link PolycloudExtension} fills them.
 *
 * <pre>{@code
 * @PolycloudTest
 * class OrdersTest {
 *     @Test
 *     void leaseEnds(Cloud cloud, LocalClock clock) {
 *         Queue q = cloud.queue("orders").create();
 *         q.send("hello");
 *         ...
 *         clock.advance(Duration.ofMinutes(5));
 *     }
 * }
 * }</pre>
 *
 * <p>By default every test gets a fresh, private in-memory cloud (provider {@code local}) driven by a fresh
 * {@link dev.polycloud.local.LocalClock}, closed after the test. The target is chosen by, in order: the
 * {@link #provider()} attribute; the {@code polycloud.provider} system property or {@code POLYCLOUD_PROVIDER}
 * environment variable (then every {@code polycloud.*} key of the standard sources applies, as for
 * {@link dev.polycloud.Polycloud#open()}); else {@code local}. A test that needs the {@code LocalClock} is
 * skipped, with a one-line reason, when the target is not the local provider.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PolycloudExtension.class)
public @interface PolycloudTest {

    /**
     * How long one cloud lives.
     *
     * @return {@link Lifecycle#PER_TEST} (default) or {@link Lifecycle#PER_CLASS}
     */
    Lifecycle lifecycle() default Lifecycle.PER_TEST;

    /**
     * The provider id to run on ({@code local}, {@code aws}, {@code azure}, {@code gcp}); empty to take it from
     * the configuration sources, falling back to {@code local}.
     *
     * @return the provider id, or empty
     */
    String provider() default "";

    /**
     * The endpoint of an emulator or compatible service: {@code polycloud.aws.endpoint} on AWS, both
     * {@code polycloud.gcp.*.emulator-host} keys on GCP (as {@code host:port}). Other providers take their
     * endpoints through {@link #config()}.
     *
     * @return the endpoint, or empty for none
     */
    String endpoint() default "";

    /**
     * Further configuration as {@code key=value} pairs, for example
     * {@code "polycloud.retry.max-attempts=1"}; they win over every other source.
     *
     * @return the pairs
     */
    String[] config() default {};

    /**
     * A container to run the test against, started with Testcontainers (add
     * {@code org.testcontainers:testcontainers-localstack} and the provider to the test class path). Without a
     * Docker daemon the test is skipped with one line, unless {@code polycloud.conformance.require} names the
     * container ({@code localstack}), when it fails instead. The container wins over {@link #provider()} and
     * {@link #endpoint()}; {@link #config()} still applies.
     *
     * @return the container, or {@link Container#NONE}
     */
    Container container() default Container.NONE;

    /** Containers the extension can start. */
    enum Container {
        /** No container: the target comes from the other attributes. */
        NONE,
        /**
         * LocalStack ({@code localstack/localstack:4.9.2}, or {@code -Dpolycloud.aws.localstack.image}; a
         * {@code LOCALSTACK_AUTH_TOKEN} environment variable is passed on), one container per JVM, provider
         * {@code aws}.
         */
        LOCALSTACK
    }

    /** How long one cloud lives. */
    enum Lifecycle {
        /** A fresh cloud (and clock) for every test method, closed after it. */
        PER_TEST,
        /** One cloud (and clock) for all tests of the class, closed after the last one. */
        PER_CLASS
    }
}

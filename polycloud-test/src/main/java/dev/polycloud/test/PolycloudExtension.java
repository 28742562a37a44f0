package dev.polycloud.test;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.local.LocalClock;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 extension behind {@link PolycloudTest}: opens the cloud the annotation describes (a fresh
 * in-memory one by default), injects it and its {@link LocalClock} into parameters and non-static fields of
 * type {@link Cloud} and {@link LocalClock}, and closes it after the test (or after the class with
 * {@link PolycloudTest.Lifecycle#PER_CLASS}). Usable on its own with {@code @ExtendWith}; without the
 * annotation it behaves as a bare {@code @PolycloudTest}.
 *
 * <p>Errors: a wrong configuration fails the test with the {@link CloudException} of
 * {@link Polycloud#open()}; a test that asks for a {@link LocalClock} while the target is not the local
 * provider is skipped (aborted) with a one-line reason.
 *
 * <p>Thread-safe for parallel test execution: each test's cloud lives in its own extension-context store.
 */
public final class PolycloudExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PolycloudExtension.class);
    private static final String KEY = "target";

    /** Creates the extension; JUnit does this for {@code @PolycloudTest} or {@code @ExtendWith}. */
    public PolycloudExtension() {
    }

    /** A cloud and, on the local provider, the clock that drives it. */
    private record Target(Cloud cloud, Optional<LocalClock> clock) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings(context).lifecycle() == PolycloudTest.Lifecycle.PER_CLASS
                && context.getStore(NS).get(KEY, Target.class) == null) {
            context.getStore(NS).put(KEY, open(settings(context)));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context.getStore(NS).remove(KEY, Target.class));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        if (target(context).isEmpty()) {
            context.getStore(NS).put(KEY, open(settings(context)));
        }
        Target target = target(context).orElseThrow();
        // a LocalClock parameter would fail in JUnit's parameter resolution: skip the test here instead
        if (context.getTestMethod().map(m -> Arrays.asList(m.getParameterTypes()).contains(LocalClock.class))
                .orElse(false)) {
            clockOf(target);
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            inject(instance, target);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context.getStore(NS).remove(KEY, Target.class));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == Cloud.class || type == LocalClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        if (target(context).isEmpty()) {
            // a constructor parameter of a per-test cloud: open the test's cloud now
            context.getStore(NS).put(KEY, open(settings(context)));
        }
        Target target = target(context).orElseThrow(
                () -> new ParameterResolutionException("No Polycloud target for " + context.getDisplayName()));
        return type == Cloud.class ? target.cloud() : clockOf(target);
    }

    private static Optional<Target> target(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NS).get(KEY, Target.class));
    }

    private static LocalClock clockOf(Target target) {
        return target.clock().orElseThrow(() -> new TestAbortedException(
                "Skipped: this test needs the LocalClock of the in-memory provider, but it runs on provider '"
                        + target.cloud().provider() + "'"));
    }

    private static void inject(Object instance, Target target) throws IllegalAccessException {
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                    continue;
                }
                if (f.getType() == Cloud.class) {
                    f.setAccessible(true);
                    f.set(instance, target.cloud());
                } else if (f.getType() == LocalClock.class) {
                    f.setAccessible(true);
                    f.set(instance, clockOf(target));
                }
            }
        }
    }

    private static void close(Target target) {
        if (target != null) {
            target.cloud().close();
        }
    }

    private static PolycloudTest settings(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            PolycloudTest found = c.getAnnotation(PolycloudTest.class);
            if (found != null) {
                return found;
            }
        }
        return Defaults.class.getAnnotation(PolycloudTest.class);
    }

    /** Carries the default attributes for {@code @ExtendWith(PolycloudExtension.class)} without the annotation. */
    @PolycloudTest
    private static final class Defaults {
    }

    /**
     * Opens the cloud the annotation describes.
     *
     * @param settings the annotation
     * @return the cloud and its clock
     */
    static Target open(PolycloudTest settings) {
        PolycloudConfig config = config(settings);
        if (config.provider().equals("local")) {
            LocalClock clock = LocalClock.system();
            return new Target(Polycloud.builder().config(config).use(LocalClock.class, clock).open(),
                    Optional.of(clock));
        }
        return new Target(Polycloud.open(config), Optional.empty());
    }

    /**
     * Skips the test (one line) when no Docker daemon answers, or fails it when
     * {@code polycloud.conformance.require} names the container.
     *
     * @param container the container's name in {@code polycloud.conformance.require}
     */
    static void requireDocker(String container) {
        if (LocalStackTarget.dockerAvailable()) {
            return;
        }
        String required = PolycloudConfig.load().get(PolycloudConfig.CONFORMANCE_REQUIRE).orElse("");
        String line = "the " + container + " container needs Docker, and no Docker daemon answers here";
        if (Arrays.stream(required.split(",")).map(String::trim).anyMatch(container::equalsIgnoreCase)) {
            throw new org.opentest4j.AssertionFailedError("Failed: " + line + " (polycloud.conformance.require="
                    + required + ")");
        }
        throw new TestAbortedException("Skipped: " + line);
    }

    /**
     * The configuration for the annotation: see {@link PolycloudTest} for the order of sources.
     *
     * @param settings the annotation
     * @return the configuration
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a pair without {@code =}, or an
     *                        endpoint on a provider that takes none this way
     */
    static PolycloudConfig config(PolycloudTest settings) {
        Map<String, String> explicit = new LinkedHashMap<>();
        for (String pair : settings.config()) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CloudException.invalidArgument("@PolycloudTest config entries are key=value; got '" + pair + "'");
            }
            explicit.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        PolycloudConfig.Builder builder = PolycloudConfig.builder();
        String provider = settings.provider().trim();
        if (settings.container() == PolycloudTest.Container.LOCALSTACK) {
            requireDocker("localstack");
            LocalStackTarget.configure(builder.withStandardSources());
            return builder.setAll(explicit).build();
        }
        if (!provider.isEmpty()) {
            builder.withStandardSources().provider(provider);
        } else if (PolycloudConfig.load().get(PolycloudConfig.PROVIDER).isPresent()) {
            builder.withStandardSources();
        } else {
            // the default: a private in-memory cloud that no system property can turn into a shared one
            builder.provider("local");
        }
        builder.setAll(explicit);
        String endpoint = settings.endpoint().trim();
        if (!endpoint.isEmpty()) {
            String target = builder.build().provider();
            switch (target) {
                case "aws" -> builder.set("polycloud.aws.endpoint", endpoint);
                case "gcp" -> {
                    String hostPort = endpoint.replaceFirst("^https?://", "");
                    builder.set("polycloud.gcp.pubsub.emulator-host", hostPort)
                            .set("polycloud.gcp.firestore.emulator-host", hostPort);
                }
                default -> throw CloudException.invalidArgument("@PolycloudTest(endpoint) is not supported on provider '"
                        + target + "'; pass its endpoint keys with config = {...}. Supported: "
                        + Arrays.asList("aws", "gcp"));
            }
        }
        return builder.build();
    }
}

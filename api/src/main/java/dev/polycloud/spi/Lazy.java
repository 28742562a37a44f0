package dev.polycloud.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value built on first use, once, and remembered: how providers build vendor clients only for the
 * building blocks an application uses. {@link #close()} closes the value if it was built and is
 * {@link AutoCloseable}.
 *
 * <p>Thread-safe: concurrent first calls build the value once.
 *
 * @param <T> the value's type
 */
public final class Lazy<T> implements Supplier<T>, AutoCloseable {

    private final Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = factory;
    }

    /**
     * A lazy value.
     *
     * @param factory builds the value on first {@link #get()}; must not return null
     * @param <T> the value's type
     * @return the lazy value
     */
    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * The value, built on the first call.
     *
     * @return the value
     */
    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get(), "the factory returned null");
                    value = v;
                }
            }
        }
        return v;
    }

    /**
     * The value if it was built.
     *
     * @return the value, or empty when {@link #get()} was never called (or failed)
     */
    public Optional<T> ifBuilt() {
        return Optional.ofNullable(value);
    }

    /**
     * Closes the value when it was built and is {@link AutoCloseable}; a failure to close is rethrown as an
     * unchecked exception.
     */
    @Override
    public void close() {
        T v = value;
        if (v instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Closing " + v.getClass().getSimpleName() + " failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return value == null ? "Lazy[not built]" : "Lazy[built]";
    }
}

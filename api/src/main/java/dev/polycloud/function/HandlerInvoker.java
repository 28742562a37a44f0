package dev.polycloud.function;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a {@link FunctionHandler} on payload bytes: what every provider's runtime or adapter
 * does around an unchanged handler. Instantiates the class once, decodes the payload to the
 * handler's input type, calls it, and encodes the result.
 */
public final class HandlerInvoker {

    private static volatile dev.polycloud.spi.OperationObserver adapterObserver =
            dev.polycloud.spi.OperationObserver.NONE;

    private final FunctionHandler<Object, Object> handler;
    private final Type inputType;
    private final String className;

    private HandlerInvoker(FunctionHandler<Object, Object> handler, Type inputType, String className) {
        this.handler = handler;
        this.inputType = inputType;
        this.className = className;
    }

    /**
     * Loads and instantiates a handler class.
     *
     * @param className the fully qualified class name
     * @param loader the class loader that has it
     * @return the invoker
     * @throws HandlerLoadException when the class is missing, not a handler, or has no usable constructor
     */
    @SuppressWarnings("unchecked")
    public static HandlerInvoker load(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!FunctionHandler.class.isAssignableFrom(type)) {
                throw new HandlerLoadException(className + " does not implement " + FunctionHandler.class.getName());
            }
            Constructor<?> ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            FunctionHandler<Object, Object> instance = (FunctionHandler<Object, Object>) ctor.newInstance();
            return new HandlerInvoker(instance, inputType(type), className);
        } catch (ClassNotFoundException e) {
            throw new HandlerLoadException("Handler class " + className + " not found", e);
        } catch (NoSuchMethodException e) {
            throw new HandlerLoadException("Handler class " + className + " has no no-argument constructor", e);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            if (e instanceof HandlerLoadException h) {
                throw h;
            }
            throw new HandlerLoadException("Handler class " + className + " could not be instantiated: " + e, e);
        }
    }

    /**
     * Sets the observer the cloud function adapters (Lambda, Cloud Functions, Azure Functions) report this
     * process's invocations to: MDC keys are set with or without one; with one, each invocation also gets a span
     * continuing the trigger's trace context (with {@code polycloud-opentelemetry}), and HTTP requests the
     * gateway request timer (with {@code polycloud-micrometer}). A function registers it once, for example in
     * its handler class's static initializer:
     *
     * <pre>{@code
     * static { HandlerInvoker.observeWith(new OpenTelemetryObserver(GlobalOpenTelemetry.get())); }
     * }</pre>
     *
     * The local runtime uses the observer of the {@code Cloud} instead. Thread-safe; the last call wins.
     *
     * @param observer the observer, {@code OperationObserver.NONE} to stop reporting
     * @throws NullPointerException when {@code observer} is null
     */
    public static void observeWith(dev.polycloud.spi.OperationObserver observer) {
        adapterObserver = java.util.Objects.requireNonNull(observer, "observer");
    }

    /**
     * The observer the cloud function adapters report to (see {@link #observeWith}).
     *
     * @return the observer; {@code OperationObserver.NONE} when none was set
     */
    public static dev.polycloud.spi.OperationObserver observer() {
        return adapterObserver;
    }

    /**
     * Wraps an existing handler instance (for adapters that build their own).
     *
     * @param handler the handler
     * @return the invoker
     */
    @SuppressWarnings("unchecked")
    public static HandlerInvoker of(FunctionHandler<?, ?> handler) {
        return new HandlerInvoker((FunctionHandler<Object, Object>) handler, inputType(handler.getClass()),
                handler.getClass().getName());
    }

    /**
     * The handler's input type, as read from its type arguments ({@code byte[]} when unknown).
     *
     * @return the type
     */
    public Type inputType() {
        return inputType;
    }

    /**
     * The handler class name.
     *
     * @return the name
     */
    public String className() {
        return className;
    }

    /**
     * Runs one invocation.
     *
     * @param payload the input payload
     * @param context the context
     * @return the output payload
     * @throws HandlerFailure when decoding the input, the handler or encoding the output fails
     */
    public byte[] invoke(byte[] payload, FunctionContext context) throws HandlerFailure {
        Object input;
        try {
            input = PayloadCodec.decode(payload, inputType);
        } catch (IllegalArgumentException e) {
            throw new HandlerFailure(e.getClass().getName(), e.getMessage(), e);
        }
        Object output;
        try {
            output = handler.handle(input, context);
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new HandlerFailure(e.getClass().getName(), e.getMessage(), e);
        }
        try {
            return PayloadCodec.encode(output);
        } catch (IllegalArgumentException e) {
            throw new HandlerFailure(e.getClass().getName(), e.getMessage(), e);
        }
    }

    /**
     * Calls the handler with an already decoded input (for adapters that decode native events).
     *
     * @param input the input object
     * @param context the context
     * @return the handler's output object
     * @throws HandlerFailure when the handler throws
     */
    public Object invokeObject(Object input, FunctionContext context) throws HandlerFailure {
        try {
            return handler.handle(input, context);
        } catch (Exception | Error e) {
            throw new HandlerFailure(e.getClass().getName(), e.getMessage(), e);
        }
    }

    private static Type inputType(Class<?> type) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Type found = search(c, bindings);
            if (found != null) {
                return found;
            }
            Type sup = c.getGenericSuperclass();
            if (sup instanceof ParameterizedType p) {
                bind(p, bindings);
            }
        }
        return byte[].class;
    }

    private static Type search(Class<?> c, Map<TypeVariable<?>, Type> bindings) {
        for (Type itf : c.getGenericInterfaces()) {
            if (itf instanceof ParameterizedType p && p.getRawType() == FunctionHandler.class) {
                Type arg = p.getActualTypeArguments()[0];
                while (arg instanceof TypeVariable<?> v && bindings.containsKey(v)) {
                    arg = bindings.get(v);
                }
                return arg instanceof TypeVariable<?> ? byte[].class : arg;
            }
        }
        return null;
    }

    private static void bind(ParameterizedType p, Map<TypeVariable<?>, Type> bindings) {
        TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
        Type[] args = p.getActualTypeArguments();
        for (int i = 0; i < vars.length; i++) {
            bindings.put(vars[i], args[i]);
        }
    }

    /** The handler, or the conversion around it, failed. */
    public static final class HandlerFailure extends Exception {
        private static final long serialVersionUID = 1L;
        /** The handler's error type. */
        private final String errorType;

        /**
         * Creates the failure.
         *
         * @param errorType the exception class name
         * @param message its message
         * @param cause the exception
         */
        public HandlerFailure(String errorType, String message, Throwable cause) {
            super(message == null ? "" : message, cause);
            this.errorType = errorType;
        }

        /**
         * The handler's error type.
         *
         * @return the exception class name
         */
        public String errorType() {
            return errorType;
        }
    }

    /** A handler class could not be loaded: a deployment error, not an invocation failure. */
    public static final class HandlerLoadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         */
        public HandlerLoadException(String message) {
            super(message);
        }

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         * @param cause the cause
         */
        public HandlerLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package dev.polycloud.azure;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures what the Azure SDK's loggers ({@code com.azure.*}) write at ERROR while it is open. The test
 * backend is slf4j-simple, configured with {@code com.azure} off ({@code simplelogger.properties}): this
 * turns those loggers on at ERROR (the ones already created through their level field, the ones created
 * meanwhile through the system property slf4j-simple reads first) and tees {@code System.err}, where
 * slf4j-simple writes. Everything is put back by {@link #close()}. For one test at a time (it changes
 * JVM-wide state).
 */
final class AzureErrorLogCapture implements AutoCloseable {

    private static final String PROPERTY = "org.slf4j.simpleLogger.log.com.azure";
    private static final String PROBE = "com.azure.polycloud.probe";
    private static final int ERROR = 40; // slf4j-simple's level number for ERROR

    private final String oldProperty;
    private final Map<Logger, Integer> oldLevels = new HashMap<>();
    private final PrintStream oldErr;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private AzureErrorLogCapture() {
        oldProperty = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, "error");
        for (Logger logger : existingLoggers()) {
            if (logger.getName().startsWith("com.azure")) {
                oldLevels.put(logger, level(logger, ERROR));
            }
        }
        oldErr = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                oldErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                oldErr.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /**
     * Starts capturing.
     *
     * @return the capture, to close
     */
    static AzureErrorLogCapture start() {
        return new AzureErrorLogCapture();
    }

    /**
     * The ERROR lines of {@code com.azure} loggers written so far (but the {@link #probe()}).
     *
     * @return the lines
     */
    List<String> azureErrors() {
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(l -> l.matches(".*\\bERROR com\\.azure\\..*"))
                .filter(l -> !l.contains(PROBE)).toList();
    }

    /**
     * Whether the capture works: a {@code com.azure} logger's ERROR reaches it.
     *
     * @return true when a probe line was captured
     */
    boolean probe() {
        LoggerFactory.getLogger(PROBE).error("probe");
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        return text.lines().anyMatch(l -> l.matches(".*\\bERROR " + PROBE.replace(".", "\\.") + " .*"));
    }

    @Override
    public void close() {
        System.setErr(oldErr);
        if (oldProperty == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, oldProperty);
        }
        for (Logger logger : existingLoggers()) {
            if (logger.getName().startsWith("com.azure")) {
                level(logger, oldLevels.getOrDefault(logger, 50)); // 50: off, as configured for com.azure
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Logger> existingLoggers() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        try {
            Field map = factory.getClass().getDeclaredField("loggerMap");
            map.setAccessible(true);
            return List.copyOf(((ConcurrentMap<String, Logger>) map.get(factory)).values());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("not slf4j-simple's factory: " + factory.getClass(), e);
        }
    }

    private static int level(Logger logger, int level) {
        try {
            Field f = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
            f.setAccessible(true);
            int old = f.getInt(logger);
            f.setInt(logger, level);
            return old;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("not an slf4j-simple logger: " + logger.getClass(), e);
        }
    }
}

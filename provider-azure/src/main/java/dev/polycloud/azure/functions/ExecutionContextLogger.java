package dev.polycloud.azure.functions;

import java.util.logging.Level;
import org.slf4j.Marker;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The SLF4J logger a handler gets on Azure ({@link dev.polycloud.function.FunctionContext#logger()}):
 * it writes to the invocation's {@code ExecutionContext.getLogger()}, so the lines land in the
 * function's invocation log (and Application Insights) next to the host's own.
 * ERROR → SEVERE, WARN → WARNING, INFO → INFO, DEBUG → FINE, TRACE → FINER.
 */
final class ExecutionContextLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient java.util.logging.Logger target;

    ExecutionContextLogger(String name, java.util.logging.Logger target) {
        this.name = name;
        this.target = target;
    }

    static Level level(org.slf4j.event.Level level) {
        return switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINER;
        };
    }

    @Override
    public boolean isTraceEnabled() {
        return target.isLoggable(Level.FINER);
    }

    @Override
    public boolean isDebugEnabled() {
        return target.isLoggable(Level.FINE);
    }

    @Override
    public boolean isInfoEnabled() {
        return target.isLoggable(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return target.isLoggable(Level.WARNING);
    }

    @Override
    public boolean isErrorEnabled() {
        return target.isLoggable(Level.SEVERE);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, Marker marker, String pattern,
                                               Object[] arguments, Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        if (throwable == null) {
            target.log(level(level), message);
        } else {
            target.log(level(level), message, throwable);
        }
    }
}

package dev.polycloud.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as the handler of a queue: once the application context has started, the starter
 * runs {@link dev.polycloud.queue.Queue#listen(dev.polycloud.listen.MessageHandler,
 * dev.polycloud.listen.ListenerOptions) queue.listen} on the auto-configured {@link dev.polycloud.Cloud} with the
 * method as the handler, and stops the listener (with its grace period) before the cloud closes.
 *
 * <pre>{@code
 * @Component
 * class Notifier {
 *     @PolycloudListener("notifications")
 *     void onNotification(String body) { ... }      // or (ReceivedMessage message)
 * }
 * }</pre>
 *
 * <p>The method takes one parameter, a {@link dev.polycloud.message.ReceivedMessage} or a {@code String} (the body
 * as UTF-8). Returning acks the message; throwing nacks it, as {@code queue.listen} documents. A method with another
 * signature fails startup with {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PolycloudListener {

    /**
     * The portable queue name.
     *
     * @return the queue name
     */
    String value();

    /**
     * How many messages the method handles at once ({@code ListenerOptions.concurrency}).
     *
     * @return 1 to {@value dev.polycloud.listen.ListenerOptions#MAX_CONCURRENCY}; default 4
     */
    int concurrency() default 4;

    /**
     * Whether to create the queue (with default options) before listening, for development and tests; off by
     * default, since production queues are usually provisioned elsewhere.
     *
     * @return whether to create it
     */
    boolean create() default false;
}

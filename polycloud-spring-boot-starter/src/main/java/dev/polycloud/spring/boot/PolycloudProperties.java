package dev.polycloud.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code polycloud.*} properties of a Spring Boot application, for IDE completion and for the starter's own
 * keys. Every {@code polycloud.*} key of {@link dev.polycloud.PolycloudConfig} and of the providers on the class
 * path is accepted in {@code application.properties} / {@code application.yml} with Spring's relaxed binding
 * ({@code maxAttempts}, {@code max-attempts}, {@code POLYCLOUD_RETRY_MAX_ATTEMPTS}) and handed to
 * {@link dev.polycloud.Polycloud#open(dev.polycloud.PolycloudConfig)} unchanged; the fields here only describe
 * the most common ones. Values are strings so that they are parsed once, by Polycloud, with its messages.
 *
 * <p>Not thread-safe (a mutable bean Spring fills once at startup).
 */
@ConfigurationProperties(prefix = "polycloud")
public class PolycloudProperties {

    /** The provider id: local, aws, azure or gcp (default local). */
    private String provider;

    /** The default timeout of every call, as ISO-8601 (PT30S) or milliseconds. */
    private String timeout;

    /** Retries of failed calls. */
    private final Retry retry = new Retry();

    /** Queues to expose as beans named after the queue ("order-events" becomes the bean "orderEventsQueue"). */
    private List<String> queues = new ArrayList<>();

    /** Topics to expose as beans named after the topic ("order-events" becomes the bean "orderEventsTopic"). */
    private List<String> topics = new ArrayList<>();

    /** Tables to expose as beans named after the table ("orders" becomes the bean "ordersTable"). */
    private List<String> tables = new ArrayList<>();

    /** Creates empty properties; Spring fills them. */
    public PolycloudProperties() {
    }

    /**
     * The provider id.
     *
     * @return the id, or null when not set
     */
    public String getProvider() {
        return provider;
    }

    /**
     * Sets the provider id.
     *
     * @param provider the id
     */
    public void setProvider(String provider) {
        this.provider = provider;
    }

    /**
     * The default call timeout.
     *
     * @return the value as written, or null when not set
     */
    public String getTimeout() {
        return timeout;
    }

    /**
     * Sets the default call timeout.
     *
     * @param timeout ISO-8601 or milliseconds
     */
    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    /**
     * The retry settings.
     *
     * @return the nested properties
     */
    public Retry getRetry() {
        return retry;
    }

    /**
     * The queues to expose as beans.
     *
     * @return portable queue names
     */
    public List<String> getQueues() {
        return queues;
    }

    /**
     * Sets the queues to expose as beans.
     *
     * @param queues portable queue names
     */
    public void setQueues(List<String> queues) {
        this.queues = queues;
    }

    /**
     * The topics to expose as beans.
     *
     * @return portable topic names
     */
    public List<String> getTopics() {
        return topics;
    }

    /**
     * Sets the topics to expose as beans.
     *
     * @param topics portable topic names
     */
    public void setTopics(List<String> topics) {
        this.topics = topics;
    }

    /**
     * The tables to expose as beans.
     *
     * @return portable table names
     */
    public List<String> getTables() {
        return tables;
    }

    /**
     * Sets the tables to expose as beans.
     *
     * @param tables portable table names
     */
    public void setTables(List<String> tables) {
        this.tables = tables;
    }

    /** Retries of failed calls ({@code polycloud.retry.*}). */
    public static class Retry {

        /** Attempts per call, 1 to 20 (default 3). */
        private String maxAttempts;

        /** The first back-off, ISO-8601 or milliseconds (default 50 ms). */
        private String initialBackoff;

        /** Creates empty retry properties. */
        public Retry() {
        }

        /**
         * Attempts per call.
         *
         * @return the value as written, or null when not set
         */
        public String getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets the attempts per call.
         *
         * @param maxAttempts 1 to 20
         */
        public void setMaxAttempts(String maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /**
         * The first back-off.
         *
         * @return the value as written, or null when not set
         */
        public String getInitialBackoff() {
            return initialBackoff;
        }

        /**
         * Sets the first back-off.
         *
         * @param initialBackoff ISO-8601 or milliseconds
         */
        public void setInitialBackoff(String initialBackoff) {
            this.initialBackoff = initialBackoff;
        }
    }
}

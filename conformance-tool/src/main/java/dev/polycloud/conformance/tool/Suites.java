package dev.polycloud.conformance.tool;

import dev.polycloud.conformance.AsyncConformance;
import dev.polycloud.conformance.BlobConformance;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ErrorConformance;
import dev.polycloud.conformance.HealthConformance;
import dev.polycloud.conformance.ListenerConformance;
import dev.polycloud.conformance.QueueConformance;
import dev.polycloud.conformance.TableConformance;
import dev.polycloud.conformance.TopicConformance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/**
 * The suite classes the tool runs, one runner per shared suite on the {@link ToolTarget}, grouped by the
 * building block they check. Functions, triggers, gateways and schedules are not in the tool: they deploy
 * handler code, which needs a per-provider artifact and role set-up that the repository's runners provide.
 */
public final class Suites {

    private Suites() {
    }

    /**
     * The building blocks and their suite classes, in the order they run and are reported.
     *
     * @return block name to classes
     */
    public static Map<String, List<Class<?>>> blocks() {
        Map<String, List<Class<?>>> m = new LinkedHashMap<>();
        m.put("health", List.of(Health.class));
        m.put("queues", List.of(Queues.class, Listeners.class));
        m.put("topics", List.of(Topics.class));
        m.put("tables", List.of(Tables.class));
        m.put("blobs", List.of(Blobs.class));
        m.put("async", List.of(Async.class));
        m.put("errors", List.of(Errors.class));
        return m;
    }

    /** Health on the tool's target. */
    @DisplayName("health")
    public static class Health extends HealthConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }

    /** Queues on the tool's target. */
    @DisplayName("queues")
    public static class Queues extends QueueConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }

    /** Listeners on the tool's target. */
    @DisplayName("listeners")
    public static class Listeners extends ListenerConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }

    /** Topics on the tool's target. */
    @DisplayName("topics")
    public static class Topics extends TopicConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }

    /** Tables on the tool's target. */
    @DisplayName("tables")
    public static class Tables extends TableConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }

    /** Buckets on the tool's target. */
    @DisplayName("blobs")
    public static class Blobs extends BlobConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }

    /** The asynchronous API on the tool's target. */
    @DisplayName("async")
    public static class Async extends AsyncConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }

    /** Error codes on the tool's target. */
    @DisplayName("errors")
    public static class Errors extends ErrorConformance {
        @Override
        protected ConformanceTarget target() {
            return ToolTarget.current();
        }
    }
}

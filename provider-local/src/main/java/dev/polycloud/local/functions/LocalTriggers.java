package dev.polycloud.local.functions;

import dev.polycloud.local.LocalBackend;
import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.blob.LocalBlobs;
import dev.polycloud.local.tables.LocalTable;

import java.util.function.Supplier;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.TableChange;
import dev.polycloud.function.TableChangeBatch;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers of the in-memory provider. A queue or subscription trigger is a poller thread that
 * receives through the portable API (so leases, redelivery and dead-lettering behave as for any
 * consumer), invokes the function with a {@link MessageBatch}, acks what succeeded and nacks what
 * the handler reported failed. A table trigger listens to the table's changes from the moment it
 * is bound and delivers them in order, retrying a failed batch from its first failed change. A bucket trigger
 * listens to the bucket's object events from the moment it is bound, keeps those its filter passes, and delivers
 * them in {@link BlobEventBatch}es of up to the batch size, delivering a failed batch again (whole) up to
 * {@value #BUCKET_RETRIES} times.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalTriggers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTriggers.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(500);
    /** A table batch whose changes keep failing is retried this many times, then skipped (and logged). */
    static final int TABLE_RETRIES = 3;
    /** A failed bucket-event batch is delivered again this many times, then dropped (and logged). */
    static final int BUCKET_RETRIES = 3;

    private final LocalBackend backend;
    private final LocalBlobs blobs;
    private final LocalFunctionRuntime runtime;
    private final Supplier<Cloud> cloud;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /** A bound trigger and its worker. */
    private record Running(Trigger trigger, Thread worker, Runnable stop) {
    }

    public LocalTriggers(LocalBackend backend, LocalBlobs blobs, LocalFunctionRuntime runtime, Supplier<Cloud> cloud) {
        this.backend = backend;
        this.blobs = blobs;
        this.runtime = runtime;
        this.cloud = cloud;
    }

    Trigger bind(String function, TriggerSource source, int batchSize) {
        Trigger trigger = new Trigger(UUID.randomUUID().toString(), function, source, batchSize);
        Running r = switch (source.kind()) {
            case QUEUE -> {
                MessageReceiver receiver = cloud.get().queue(source.name());
                requireExists(cloud.get().queue(source.name()).exists(), source);
                yield poller(trigger, receiver);
            }
            case SUBSCRIPTION -> {
                var sub = cloud.get().topic(source.name()).subscription(source.subscription().orElseThrow());
                requireExists(sub.exists(), source);
                yield poller(trigger, sub);
            }
            case TABLE -> tableListener(trigger, backend.table(source.name()));
            case SCHEDULE -> throw new IllegalStateException("Schedules are bound by the LocalScheduler");
            case BUCKET -> {
                requireExists(blobs.exists(source.name()), source);
                yield bucketListener(trigger, source.bucketFilter().orElseThrow());
            }
        };
        running.put(trigger.id(), r);
        r.worker().start();
        return trigger;
    }

    void unbind(String triggerId) {
        Running r = running.remove(triggerId);
        if (r == null) {
            throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist",
                    LocalCloudProvider.ID, "trigger " + triggerId, null);
        }
        stop(r);
    }

    void unbindFunction(String function) {
        running.values().removeIf(r -> {
            if (r.trigger().function().equals(function)) {
                stop(r);
                return true;
            }
            return false;
        });
    }

    List<Trigger> of(String function) {
        return running.values().stream().map(Running::trigger).filter(t -> t.function().equals(function)).toList();
    }

    @Override
    public void close() {
        running.values().forEach(LocalTriggers::stop);
        running.clear();
    }

    private static void stop(Running r) {
        r.stop().run();
        r.worker().interrupt();
        try {
            r.worker().join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireExists(boolean exists, TriggerSource source) {
        if (!exists) {
            throw new CloudException(ErrorCode.NOT_FOUND, "Trigger source " + source.path() + " does not exist",
                    LocalCloudProvider.ID, source.path(), null);
        }
    }

    private Running poller(Trigger trigger, MessageReceiver receiver) {
        java.util.concurrent.atomic.AtomicBoolean active = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread worker = new Thread(() -> {
            while (active.get() && !Thread.currentThread().isInterrupted()) {
                try {
                    List<ReceivedMessage> batch = receiver.receive(trigger.batchSize(), POLL_WAIT);
                    if (!batch.isEmpty() && active.get()) {
                        deliver(trigger, receiver, batch);
                    }
                } catch (CloudException e) {
                    if (!active.get()) {
                        return;
                    }
                    LOG.warn("Trigger {} of {} could not receive: {}", trigger.id(), trigger.function(), e.getMessage());
                    pause();
                } catch (IllegalStateException e) {
                    return; // the Cloud was closed
                }
            }
        }, "polycloud-trigger-" + trigger.source().path());
        worker.setDaemon(true);
        return new Running(trigger, worker, () -> active.set(false));
    }

    private void deliver(Trigger trigger, MessageReceiver receiver, List<ReceivedMessage> batch) {
        Set<String> failed;
        try {
            byte[] out = runtime.invoke(trigger.function(),
                    PayloadCodec.encode(new MessageBatch(trigger.source().path(), batch)),
                    LocalFunctionRuntime.newRequestId(), batch.get(0).attributes());
            failed = out.length == 0 ? Set.of() : PayloadCodec.decode(out, BatchResult.class).failedIds();
        } catch (CloudException | IllegalArgumentException e) {
            LOG.info("Trigger {}: function {} failed the whole batch of {}: {}", trigger.id(), trigger.function(),
                    batch.size(), e.getMessage());
            receiver.nack(batch);
            return;
        }
        List<ReceivedMessage> ok = new ArrayList<>();
        List<ReceivedMessage> bad = new ArrayList<>();
        for (ReceivedMessage m : batch) {
            (failed.contains(m.id()) ? bad : ok).add(m);
        }
        if (!ok.isEmpty()) {
            receiver.ack(ok);
        }
        if (!bad.isEmpty()) {
            receiver.nack(bad);
        }
    }

    private Running tableListener(Trigger trigger, LocalTable table) {
        BlockingQueue<TableChange> changes = new LinkedBlockingQueue<>();
        Consumer<TableChange> listener = changes::add;
        table.addListener(listener);
        java.util.concurrent.atomic.AtomicBoolean active = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread worker = new Thread(() -> {
            List<TableChange> pending = new ArrayList<>();
            int retries = 0;
            while (active.get()) {
                try {
                    if (pending.isEmpty()) {
                        TableChange first = changes.poll(POLL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        pending.add(first);
                    }
                    changes.drainTo(pending, trigger.batchSize() - pending.size());
                    int failedAt = deliverChanges(trigger, pending);
                    if (failedAt < 0) {
                        pending.clear();
                        retries = 0;
                    } else if (++retries > TABLE_RETRIES) {
                        LOG.warn("Trigger {}: skipping change {} of table {} after {} retries", trigger.id(),
                                pending.get(failedAt).id(), trigger.source().name(), TABLE_RETRIES);
                        pending.subList(0, failedAt + 1).clear();
                        retries = 0;
                    } else {
                        pending.subList(0, failedAt).clear();
                        pause();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "polycloud-trigger-" + trigger.source().path());
        worker.setDaemon(true);
        return new Running(trigger, worker, () -> {
            active.set(false);
            table.removeListener(listener);
        });
    }

    private Running bucketListener(Trigger trigger, BlobEventFilter filter) {
        String bucket = trigger.source().name();
        BlockingQueue<BlobEvent> events = new LinkedBlockingQueue<>();
        Consumer<BlobEvent> listener = e -> {
            if (filter.matches(e)) {
                events.add(e);
            }
        };
        blobs.addListener(bucket, listener);
        java.util.concurrent.atomic.AtomicBoolean active = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread worker = new Thread(() -> {
            List<BlobEvent> pending = new ArrayList<>();
            int retries = 0;
            while (active.get()) {
                try {
                    if (pending.isEmpty()) {
                        BlobEvent first = events.poll(POLL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        pending.add(first);
                        events.drainTo(pending, trigger.batchSize() - 1);
                    }
                    if (deliverEvents(trigger, pending)) {
                        pending.clear();
                        retries = 0;
                    } else if (++retries > BUCKET_RETRIES) {
                        LOG.warn("Trigger {}: dropping {} event(s) of bucket {} after {} retries", trigger.id(),
                                pending.size(), bucket, BUCKET_RETRIES);
                        pending.clear();
                        retries = 0;
                    } else if (active.get()) {
                        Thread.sleep(200L * retries);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "polycloud-trigger-" + trigger.source().path());
        worker.setDaemon(true);
        return new Running(trigger, worker, () -> {
            active.set(false);
            blobs.removeListener(bucket, listener);
        });
    }

    /** Returns whether the function handled the batch. */
    private boolean deliverEvents(Trigger trigger, List<BlobEvent> batch) {
        try {
            runtime.invoke(trigger.function(),
                    PayloadCodec.encode(new BlobEventBatch(trigger.source().name(), batch)),
                    LocalFunctionRuntime.newRequestId());
            return true;
        } catch (CloudException | IllegalArgumentException e) {
            LOG.info("Trigger {}: function {} failed a batch of {} bucket events: {}", trigger.id(),
                    trigger.function(), batch.size(), e.getMessage());
            return false;
        }
    }

    /** Returns -1 when every change succeeded, else the index of the first failed change. */
    private int deliverChanges(Trigger trigger, List<TableChange> batch) {
        try {
            byte[] out = runtime.invoke(trigger.function(),
                    PayloadCodec.encode(new TableChangeBatch(trigger.source().name(), batch)),
                    LocalFunctionRuntime.newRequestId());
            Set<String> failed = out.length == 0 ? Set.of() : PayloadCodec.decode(out, BatchResult.class).failedIds();
            for (int i = 0; i < batch.size(); i++) {
                if (failed.contains(batch.get(i).id())) {
                    return i;
                }
            }
            return -1;
        } catch (CloudException | IllegalArgumentException e) {
            LOG.info("Trigger {}: function {} failed a batch of {} table changes: {}", trigger.id(),
                    trigger.function(), batch.size(), e.getMessage());
            return 0;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

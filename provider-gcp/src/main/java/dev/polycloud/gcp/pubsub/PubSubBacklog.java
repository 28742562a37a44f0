package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.ProjectName;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.protobuf.util.Timestamps;
import dev.polycloud.ErrorCode;
import java.io.IOException;

/**
 * The backlog of a subscription from Cloud Monitoring's
 * {@code pubsub.googleapis.com/subscription/num_undelivered_messages}: the messages not yet acked,
 * waiting or leased. The metric is sampled every minute and appears a few minutes late, so the
 * depth is approximate and lags. The monitoring client is created on first use; the emulator has no
 * metrics, so there the depth is {@link ErrorCode#UNIMPLEMENTED}.
 */
final class PubSubBacklog implements AutoCloseable {

    static final String METRIC = "pubsub.googleapis.com/subscription/num_undelivered_messages";
    private static final long WINDOW_MILLIS = 10 * 60 * 1000L;

    private final PubSubClients clients;
    private MetricServiceClient monitoring;
    private boolean closed;

    PubSubBacklog(PubSubClients clients) {
        this.clients = clients;
    }

    /**
     * The newest sample of the backlog of a subscription.
     *
     * @param subscriptionId the subscription id
     * @param resource the portable resource, for errors
     * @return the count; 0 when Cloud Monitoring has no sample yet (a new or long idle subscription)
     */
    long undelivered(String subscriptionId, String resource) {
        if (clients.emulator()) {
            throw GcpErrors.of(ErrorCode.UNIMPLEMENTED, "Approximate depth of " + resource + " comes from Cloud"
                    + " Monitoring, which the Pub/Sub emulator does not have (Pub/Sub has no API that counts the"
                    + " messages of a subscription)", resource);
        }
        long now = System.currentTimeMillis();
        ListTimeSeriesRequest request = ListTimeSeriesRequest.newBuilder()
                .setName(ProjectName.of(clients.project()).toString())
                .setFilter("metric.type = \"" + METRIC + "\" AND resource.labels.subscription_id = \""
                        + subscriptionId + "\"")
                .setInterval(TimeInterval.newBuilder().setStartTime(Timestamps.fromMillis(now - WINDOW_MILLIS))
                        .setEndTime(Timestamps.fromMillis(now)))
                .setView(ListTimeSeriesRequest.TimeSeriesView.FULL)
                .build();
        try {
            long newestTime = Long.MIN_VALUE;
            long value = 0;
            for (TimeSeries series : client().listTimeSeries(request).iterateAll()) {
                for (Point p : series.getPointsList()) {
                    long t = Timestamps.toMillis(p.getInterval().getEndTime());
                    if (t > newestTime) {
                        newestTime = t;
                        value = p.getValue().getInt64Value();
                    }
                }
            }
            return value;
        } catch (ApiException e) {
            throw GcpErrors.map(e, "approximateDepth", resource);
        }
    }

    private synchronized MetricServiceClient client() {
        if (closed) {
            throw new IllegalStateException("The monitoring client is closed");
        }
        if (monitoring == null) {
            try {
                monitoring = MetricServiceClient.create();
            } catch (IOException e) {
                throw GcpErrors.map(e, "connect", "Cloud Monitoring");
            }
        }
        return monitoring;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (monitoring != null) {
            monitoring.close();
            monitoring = null;
        }
    }
}

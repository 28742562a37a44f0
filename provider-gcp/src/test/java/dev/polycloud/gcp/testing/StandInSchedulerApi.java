package dev.polycloud.gcp.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.scheduler.v1.CloudSchedulerGrpc;
import com.google.cloud.scheduler.v1.CloudSchedulerSettings;
import com.google.cloud.scheduler.v1.CreateJobRequest;
import com.google.cloud.scheduler.v1.DeleteJobRequest;
import com.google.cloud.scheduler.v1.GetJobRequest;
import com.google.cloud.scheduler.v1.HttpMethod;
import com.google.cloud.scheduler.v1.Job;
import com.google.cloud.scheduler.v1.ListJobsRequest;
import com.google.cloud.scheduler.v1.ListJobsResponse;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A stand-in Cloud Scheduler API for tests: an in-process gRPC service answering the real
 * {@code CloudSchedulerClient}. It stores jobs (create, get, list with paging, delete, with the API's
 * {@code ALREADY_EXISTS} / {@code NOT_FOUND} answers and its checks of the job name, the unix-cron
 * field count and the time zone) and records every request. Cloud Scheduler has no emulator, so it does
 * not fire on its own: {@link #fire(String, Instant)} sends one run's HTTP request the way Cloud
 * Scheduler does (method, headers and body of the job's target, plus {@code X-CloudScheduler: true} and
 * {@code X-CloudScheduler-ScheduleTime}), so tests can check the path from a job to the handler.
 * Thread-safe.
 */
public final class StandInSchedulerApi implements AutoCloseable {

    private static final Pattern JOB_NAME = Pattern.compile("projects/[^/]+/locations/[^/]+/jobs/[A-Za-z0-9_-]{1,500}");

    private final String serverName = "stand-in-scheduler-" + UUID.randomUUID();
    private final Map<String, Job> jobs = new ConcurrentSkipListMap<>();
    private final List<Message> requests = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Server server;

    /** Starts the stand-in. */
    public StandInSchedulerApi() {
        try {
            this.server = InProcessServerBuilder.forName(serverName).addService(new Service()).directExecutor().build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Client settings that reach this stand-in (a new in-process channel each time).
     *
     * @return the settings
     */
    public CloudSchedulerSettings settings() {
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
        try {
            return CloudSchedulerSettings.newBuilder()
                    .setTransportChannelProvider(FixedTransportChannelProvider.create(
                            GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The requests received so far, oldest first.
     *
     * @param type the request type, such as {@link CreateJobRequest}
     * @param <T> the type
     * @return the requests of that type
     */
    public <T extends Message> List<T> requests(Class<T> type) {
        List<T> out = new ArrayList<>();
        requests.forEach(r -> {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        });
        return out;
    }

    /**
     * A job as stored.
     *
     * @param name its full name
     * @return it, or null
     */
    public Job job(String name) {
        return jobs.get(name);
    }

    /**
     * Sends one run of a job as Cloud Scheduler would.
     *
     * @param name the job's full name
     * @param scheduleTime the run's scheduled time
     * @return the HTTP status the target answered
     */
    public int fire(String name, Instant scheduleTime) {
        Job job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("no job " + name);
        }
        var target = job.getHttpTarget();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri()))
                .timeout(Duration.ofSeconds(30))
                .header("X-CloudScheduler", "true")
                .header("X-CloudScheduler-JobName", name.substring(name.lastIndexOf('/') + 1))
                .header("X-CloudScheduler-ScheduleTime", scheduleTime.toString())
                .method(target.getHttpMethod() == HttpMethod.GET ? "GET" : target.getHttpMethod().name(),
                        HttpRequest.BodyPublishers.ofByteArray(target.getBody().toByteArray()));
        target.getHeadersMap().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private final class Service extends CloudSchedulerGrpc.CloudSchedulerImplBase {

        @Override
        public void createJob(CreateJobRequest request, StreamObserver<Job> observer) {
            requests.add(request);
            Job job = request.getJob();
            String problem = check(request.getParent(), job);
            if (problem != null) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException());
                return;
            }
            if (jobs.putIfAbsent(job.getName(), job) != null) {
                observer.onError(Status.ALREADY_EXISTS.withDescription("Job " + job.getName() + " already exists")
                        .asRuntimeException());
                return;
            }
            observer.onNext(job);
            observer.onCompleted();
        }

        @Override
        public void getJob(GetJobRequest request, StreamObserver<Job> observer) {
            requests.add(request);
            Job job = jobs.get(request.getName());
            if (job == null) {
                observer.onError(Status.NOT_FOUND.withDescription("Job not found.").asRuntimeException());
                return;
            }
            observer.onNext(job);
            observer.onCompleted();
        }

        @Override
        public void deleteJob(DeleteJobRequest request, StreamObserver<Empty> observer) {
            requests.add(request);
            if (jobs.remove(request.getName()) == null) {
                observer.onError(Status.NOT_FOUND.withDescription("Job not found.").asRuntimeException());
                return;
            }
            observer.onNext(Empty.getDefaultInstance());
            observer.onCompleted();
        }

        @Override
        public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> observer) {
            requests.add(request);
            int size = request.getPageSize() <= 0 ? 3 : Math.min(request.getPageSize(), 500); // small pages by default
            List<String> names = jobs.keySet().stream().filter(n -> n.startsWith(request.getParent() + "/jobs/"))
                    .filter(n -> request.getPageToken().isEmpty() || n.compareTo(request.getPageToken()) > 0)
                    .toList();
            ListJobsResponse.Builder page = ListJobsResponse.newBuilder();
            names.stream().limit(size).map(jobs::get).forEach(page::addJobs);
            if (names.size() > size) {
                page.setNextPageToken(names.get(size - 1));
            }
            observer.onNext(page.build());
            observer.onCompleted();
        }

        private String check(String parent, Job job) {
            if (!JOB_NAME.matcher(job.getName()).matches() || !job.getName().startsWith(parent + "/jobs/")) {
                return "Job name " + job.getName() + " is not a job of " + parent;
            }
            if (job.getSchedule().trim().split("\\s+").length != 5) {
                return "Schedule has more or less than 5 fields.";
            }
            try {
                ZoneId.of(job.getTimeZone());
            } catch (RuntimeException e) {
                return "Invalid time zone: " + job.getTimeZone();
            }
            if (!job.hasHttpTarget() || !job.getHttpTarget().getUri().matches("https?://.+")) {
                return "The job needs an HTTP target with an http(s) URI";
            }
            return null;
        }
    }
}

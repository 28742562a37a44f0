package dev.polycloud.gcp.scheduler;

import dev.polycloud.gcp.internal.GcpErrors;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.scheduler.v1.CloudSchedulerClient;
import com.google.cloud.scheduler.v1.HttpMethod;
import com.google.cloud.scheduler.v1.HttpTarget;
import com.google.cloud.scheduler.v1.Job;
import com.google.cloud.scheduler.v1.OidcToken;
import com.google.protobuf.ByteString;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.CronExpression;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gcp.functions.FunctionProtocol;
import io.grpc.Status;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Scheduled triggers on Cloud Scheduler: one HTTP job per portable schedule, in the functions' region,
 * named as the schedule, that POSTs to the function's URL with an OIDC token.
 *
 * <p><b>The job.</b> {@code projects/P/locations/R/jobs/<schedule name>}; its target is the function's
 * URL (from the Functions API or the URL template) with method {@code POST}, the headers
 * {@code Content-Type: application/json} and {@value FunctionProtocol#INVOKE_HEADER}{@code :
 * payload}, and the body {@code {"schedule": name, "payload": fixed payload or null}}. Cloud Scheduler
 * cannot put the run's time into the body, so the GCP adapter completes the
 * {@link dev.polycloud.function.ScheduledEvent} ({@link dev.polycloud.gcp.functions.ScheduledRuns}) from the
 * {@code X-CloudScheduler-ScheduleTime} header it sends (scheduled time) and its own clock (actual time). Over {@code https} the job carries an
 * OIDC token of {@value #SERVICE_ACCOUNT} for the function's URL (the account needs
 * {@code roles/run.invoker} on the function); over plain {@code http} (a local Functions Framework)
 * it carries none. The job's description records the portable expression and the function, so
 * listing gives back the schedule as it was bound.
 *
 * <p><b>Translation</b> (the portable layer has already checked the expression and the one-minute
 * minimum). Cloud Scheduler speaks unix-cron ({@code minute hour day-of-month month day-of-week},
 * day-of-week 0–6 from Sunday): the portable second field must be {@code 0} and is dropped; {@code ?}
 * becomes {@code *}; month and day names become numbers; day-of-week numbers move down by one
 * (portable {@code 1} = Sunday becomes {@code 0}); {@code a/n} becomes {@code a-last/n}. Cloud Scheduler
 * has no rate schedules: a rate that divides an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 minutes) or a
 * day (1, 2, 3, 4, 6, 8, 12 hours, or 24) becomes the cron expression that fires at those clock
 * boundaries — unlike a cloud rate it is aligned to the clock, not to the moment of binding — and any
 * other rate is {@link ErrorCode#UNIMPLEMENTED} before any request. The zone is the job's
 * {@code timeZone} (a tz database name; UTC is {@code Etc/UTC}, whole-hour fixed offsets are
 * {@code Etc/GMT±h}, other offsets are {@code UNIMPLEMENTED}); daylight-saving changes follow Cloud
 * Scheduler's own rule, which is not the portable one the local provider applies.
 *
 * <p><b>Semantics.</b> At least once: Cloud Scheduler retries a run whose request fails according to the
 * job's retry configuration (its default: no retry) and does not prevent overlapping runs. Trigger ids
 * are {@code schedule:<name>}. Deleting a function deletes its jobs. Thread-safe (the client is).
 */
public final class CloudSchedulerTriggers {

    /** The key of the service account whose OIDC token Cloud Scheduler presents to functions. */
    static final String SERVICE_ACCOUNT = "polycloud.gcp.scheduler.service-account";
    /** The keys this class reads. */
    public static final Set<String> KEYS = Set.of(SERVICE_ACCOUNT);

    private static final String PREFIX = "schedule:";
    private static final String MARK = "polycloud schedule of function ";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[a-z]+");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** The last value of each unix-cron field (minute, hour, day of month, month, day of week). */
    private static final int[] LAST = {59, 23, 31, 12, 6};

    private final Supplier<CloudSchedulerClient> client;
    private final Supplier<String> parent;
    private final Function<String, URI> functionUrl;
    private final Optional<String> serviceAccount;

    /**
     * Triggers over a client.
     *
     * @param client the Cloud Scheduler client (created on first use)
     * @param parent the location jobs live in, {@code projects/P/locations/R}, resolved on first use
     * @param functionUrl the URL of an existing function; {@code NOT_FOUND} when the function does not exist
     * @param serviceAccount the OIDC token's service account, or empty
     */
    public CloudSchedulerTriggers(Supplier<CloudSchedulerClient> client, Supplier<String> parent,
                           Function<String, URI> functionUrl, Optional<String> serviceAccount) {
        this.client = client;
        this.parent = parent;
        this.functionUrl = functionUrl;
        this.serviceAccount = serviceAccount;
    }

    /**
     * Reads {@value #SERVICE_ACCOUNT}.
     *
     * @param config the configuration
     * @return the account, or empty
     * @throws CloudException {@code INVALID_ARGUMENT} when it is not a service account e-mail
     */
    public static Optional<String> serviceAccount(PolycloudConfig config) {
        Optional<String> value = config.get(SERVICE_ACCOUNT).map(String::trim).filter(s -> !s.isEmpty());
        value.ifPresent(v -> {
            if (!EMAIL.matcher(v).matches()) {
                throw CloudException.invalidArgument("Configuration key '" + SERVICE_ACCOUNT + "' must be a service"
                        + " account e-mail such as scheduler@my-project.iam.gserviceaccount.com (found '" + v + "')");
            }
        });
        return value;
    }

    public static boolean isScheduleId(String triggerId) {
        return triggerId.startsWith(PREFIX);
    }

    // ------------------------------------------------------------------ translation

    /**
     * The unix-cron expression Cloud Scheduler runs for a portable schedule.
     *
     * @param schedule the schedule
     * @return five fields
     * @throws CloudException {@code UNIMPLEMENTED} for a rate or second that unix-cron cannot express
     */
    static String unixCron(Schedule schedule) {
        if (schedule.rate().isPresent()) {
            return rateCron(schedule.rate().get());
        }
        CronExpression cron = schedule.cron().orElseThrow();
        List<String> f = cron.fields();
        if (!f.get(0).equals("0")) {
            throw unimplemented("The cron expression '" + cron.text() + "' fires at second " + f.get(0)
                    + "; Cloud Scheduler runs jobs at the start of a minute only (use 0 as the second field)");
        }
        List<String> out = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            out.add(field(f.get(i + 1), i));
        }
        return String.join(" ", out);
    }

    private static String rateCron(Duration rate) {
        long seconds = rate.getSeconds();
        if (seconds % 60 == 0) {
            long minutes = seconds / 60;
            if (minutes < 60 && 60 % minutes == 0) {
                return (minutes == 1 ? "*" : "*/" + minutes) + " * * * *";
            }
            if (minutes % 60 == 0) {
                long hours = minutes / 60;
                if (hours < 24 && 24 % hours == 0) {
                    return "0 " + (hours == 1 ? "*" : "*/" + hours) + " * * *";
                }
                if (hours == 24) {
                    return "0 0 * * *";
                }
            }
        }
        throw unimplemented("Cloud Scheduler has no rate schedules, and a rate of " + rate + " cannot be written as a"
                + " unix-cron expression: use a rate that divides an hour or a day, or a cron expression");
    }

    /** One unix-cron field of a portable field ({@code index} 0 = minute … 4 = day of week). */
    private static String field(String portable, int index) {
        if (portable.equals("?")) {
            return "*";
        }
        List<String> items = new ArrayList<>();
        for (String item : portable.split(",")) {
            String range = item;
            String step = null;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = item.substring(slash + 1);
            }
            String translated;
            if (range.equals("*")) {
                translated = "*";
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    translated = value(range.substring(0, dash), index) + "-" + value(range.substring(dash + 1), index);
                } else {
                    translated = value(range, index);
                    if (step != null) {
                        translated = translated + "-" + LAST[index];
                    }
                }
            }
            items.add(step == null ? translated : translated + "/" + step);
        }
        return String.join(",", items);
    }

    private static String value(String v, int index) {
        String upper = v.toUpperCase(Locale.ROOT);
        if (index == 3 && MONTHS.contains(upper)) {
            return String.valueOf(MONTHS.indexOf(upper) + 1);
        }
        if (index == 4) {
            if (DAYS.contains(upper)) {
                return String.valueOf(DAYS.indexOf(upper));
            }
            return String.valueOf(Integer.parseInt(v) - 1);
        }
        return v;
    }

    /**
     * The tz database name of a schedule's zone.
     *
     * @param zone the zone
     * @return the name Cloud Scheduler accepts
     * @throws CloudException {@code UNIMPLEMENTED} for a fixed offset that is not a whole number of hours
     */
    static String timeZone(ZoneId zone) {
        ZoneId normal = zone.normalized();
        if (normal instanceof ZoneOffset offset) {
            int seconds = offset.getTotalSeconds();
            if (seconds == 0) {
                return "Etc/UTC";
            }
            if (seconds % 3600 != 0 || Math.abs(seconds / 3600) > 12) {
                throw unimplemented("Cloud Scheduler takes tz database zones; the fixed offset " + offset
                        + " has none (use a region such as Europe/Berlin)");
            }
            int hours = seconds / 3600;
            return "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours); // the tz database inverts the sign
        }
        return zone.getId();
    }

    private static ZoneId zoneOf(String timeZone) {
        if (timeZone == null || timeZone.isEmpty() || timeZone.equals("Etc/UTC") || timeZone.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        return ZoneId.of(timeZone);
    }

    /**
     * The job Cloud Scheduler is asked to create.
     *
     * @param name the job's full name
     * @param function the function
     * @param url the function's URL
     * @param schedule the named schedule
     * @param serviceAccount the OIDC token's account, used over https only
     * @return the job
     */
    static Job job(String name, String function, URI url, Schedule schedule, Optional<String> serviceAccount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schedule", schedule.name().orElseThrow());
        body.put("payload", schedule.payload().orElse(null));
        HttpTarget.Builder target = HttpTarget.newBuilder()
                .setUri(url.toString())
                .setHttpMethod(HttpMethod.POST)
                .putHeaders("Content-Type", "application/json")
                .putHeaders(FunctionProtocol.INVOKE_HEADER, FunctionProtocol.INVOKE_PAYLOAD)
                .setBody(ByteString.copyFrom(PayloadCodec.encode(body)));
        if ("https".equalsIgnoreCase(url.getScheme())) {
            target.setOidcToken(OidcToken.newBuilder()
                    .setServiceAccountEmail(serviceAccount.orElseThrow(() -> CloudException.invalidArgument(
                            "Missing configuration key '" + SERVICE_ACCOUNT + "': the service account whose OIDC"
                            + " token Cloud Scheduler presents to function " + function + " (it needs"
                            + " roles/run.invoker on the function)")))
                    .setAudience(url.toString()));
        }
        return Job.newBuilder()
                .setName(name)
                .setDescription(MARK + function + ": " + schedule.describe())
                .setSchedule(unixCron(schedule))
                .setTimeZone(timeZone(schedule.zone()))
                .setHttpTarget(target)
                .build();
    }

    /**
     * The portable schedule a job created by {@link #job} stands for.
     *
     * @param job the job
     * @return the named schedule with its zone and payload, or empty when Polycloud did not write the job
     */
    static Optional<Schedule> portable(Job job) {
        String description = job.getDescription();
        if (!description.startsWith(MARK)) {
            return Optional.empty();
        }
        int colon = description.indexOf(": ", MARK.length());
        if (colon < 0) {
            return Optional.empty();
        }
        String expression = description.substring(colon + 2);
        try {
            Schedule s;
            if (expression.startsWith("cron(") && expression.endsWith(")")) {
                s = Schedule.cron(expression.substring(5, expression.length() - 1));
            } else if (expression.startsWith("rate(") && expression.endsWith(")")) {
                s = Schedule.rate(Duration.parse(expression.substring(5, expression.length() - 1)));
            } else {
                return Optional.empty();
            }
            s = s.named(jobId(job.getName())).inZone(zoneOf(job.getTimeZone()));
            JsonNode payload = PayloadCodec.decode(job.getHttpTarget().getBody().toByteArray(), JsonNode.class)
                    .path("payload");
            if (payload.isTextual()) {
                s = s.withPayload(payload.asText());
            }
            return Optional.of(s);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> functionOf(Job job) {
        String description = job.getDescription();
        int colon = description.indexOf(": ", MARK.length());
        return description.startsWith(MARK) && colon > MARK.length()
                ? Optional.of(description.substring(MARK.length(), colon)) : Optional.empty();
    }

    private static String jobId(String jobName) {
        return jobName.substring(jobName.lastIndexOf('/') + 1);
    }

    // ------------------------------------------------------------------ management

    public Trigger bind(String function, TriggerSource source, int batchSize) {
        Schedule schedule = source.schedule().orElseThrow();
        String name = source.name();
        String resource = "schedule " + name;
        unixCron(schedule); // what Cloud Scheduler cannot run is refused before any request
        timeZone(schedule.zone());
        // The client first: without a Cloud Scheduler endpoint under emulators it refuses before anything is called.
        CloudSchedulerClient scheduler = client.get();
        Job job = job(parent.get() + "/jobs/" + name, function, functionUrl.apply(function),
                schedule.named(name), serviceAccount);
        try {
            scheduler.createJob(parent.get(), job);
        } catch (ApiException e) {
            throw GcpErrors.map(e, "create", resource);
        }
        return new Trigger(PREFIX + name, function, source, batchSize);
    }

    public void unbind(String triggerId) {
        String name = triggerId.substring(PREFIX.length());
        String resource = "schedule " + name;
        try {
            client.get().deleteJob(parent.get() + "/jobs/" + name);
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist",
                        GcpErrors.PROVIDER, resource, e);
            }
            throw GcpErrors.map(e, "delete", resource);
        }
    }

    public void unbindAll(String function) {
        for (Trigger t : of(function)) {
            dev.polycloud.internal.NotFound.ignore(() -> unbind(t.id()));
        }
    }

    public List<Trigger> of(String function) {
        List<Trigger> out = new ArrayList<>();
        try {
            for (Job job : client.get().listJobs(parent.get()).iterateAll()) {
                if (!functionOf(job).filter(function::equals).isPresent()) {
                    continue;
                }
                portable(job).ifPresent(s -> out.add(new Trigger(PREFIX + s.name().orElseThrow(), function,
                        TriggerSource.schedule(s), 1)));
            }
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.PERMISSION_DENIED)) {
                return out; // credentials that cannot list jobs cannot have bound schedules through Polycloud
            }
            throw GcpErrors.map(e, "list the schedules of", "function " + function);
        }
        return out;
    }

    private static CloudException unimplemented(String message) {
        return new CloudException(ErrorCode.UNIMPLEMENTED, message, GcpErrors.PROVIDER, "schedule", null);
    }
}

package dev.polycloud.aws.scheduler;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.AwsSettings;
import dev.polycloud.aws.internal.Json;
import dev.polycloud.aws.lambda.LambdaFunctionDriver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Scheduled triggers on EventBridge Scheduler: a schedule in the {@code default} group, named as the
 * portable schedule, whose target is the Lambda function (assuming {@value AwsSettings#SCHEDULER_ROLE}),
 * plus a resource-based invoke permission for {@code scheduler.amazonaws.com} from that schedule.
 *
 * <p>Translation (the portable layer has checked the expression, the one-minute minimum and that the
 * second field is 0): {@code 0 m h dom mon dow} becomes {@code cron(m h dom mon dow *)} with {@code ?} in
 * whichever day field is unrestricted (EventBridge wants exactly one), {@code *}{@code /n} becomes
 * {@code first/n}; a rate becomes {@code rate(n minutes)}; the zone is {@code ScheduleExpressionTimezone}.
 * The target input is the {@link dev.polycloud.function.ScheduledEvent} JSON with the scheduler's
 * {@code <aws.scheduler.scheduled-time>} as both times (EventBridge does not pass the start time), so
 * the Lambda adapter hands the handler its event unchanged. EventBridge Scheduler retries a failed run
 * (at least once, with its default retry policy) and does not prevent overlaps.
 *
 * <p>Listing a function's triggers also lists its schedules; credentials without
 * {@code scheduler:ListSchedules} see none (rather than failing every trigger listing and function
 * deletion). Trigger ids are {@code schedule:<name>}. Not thread-safe beyond the SDK client's guarantees.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class SchedulerTriggers {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SchedulerTriggers.class);
    private static final String PREFIX = "schedule:";
    private static final String GROUP = "default";
    private static final String PRINCIPAL = "scheduler.amazonaws.com";
    private static final String TIME = "<aws.scheduler.scheduled-time>";
    private static final int[] FIRST = {0, 0, 0, 1, 1, 1};

    private final AwsClients clients;
    private final LambdaFunctionDriver functions;

    public SchedulerTriggers(AwsClients clients, LambdaFunctionDriver functions) {
        this.clients = clients;
        this.functions = functions;
    }

    public static boolean isScheduleId(String triggerId) {
        return triggerId.startsWith(PREFIX);
    }

    /** The EventBridge schedule expression of a portable schedule. */
    static String expression(Schedule schedule) {
        if (schedule.rate().isPresent()) {
            long minutes = schedule.rate().get().toMinutes();
            return "rate(" + minutes + (minutes == 1 ? " minute)" : " minutes)");
        }
        List<String> f = new ArrayList<>(schedule.cron().orElseThrow().fields());
        for (int i = 1; i < 6; i++) {
            if (f.get(i).startsWith("*/")) {
                f.set(i, FIRST[i] + f.get(i).substring(1));
            }
        }
        if (!f.get(3).equals("?") && !f.get(5).equals("?")) {
            if (f.get(5).equals("*")) {
                f.set(5, "?");
            } else {
                f.set(3, "?");
            }
        }
        return "cron(" + String.join(" ", f.subList(1, 6)) + " *)";
    }

    /** The portable schedule of an EventBridge expression, or empty when Polycloud would not have written it. */
    static Optional<Schedule> portable(String expression, String zone) {
        try {
            Schedule s;
            if (expression.startsWith("rate(") && expression.endsWith(")")) {
                String[] p = expression.substring(5, expression.length() - 1).trim().split("\\s+");
                long n = Long.parseLong(p[0]);
                Duration d = p[1].startsWith("minute") ? Duration.ofMinutes(n)
                        : p[1].startsWith("hour") ? Duration.ofHours(n) : Duration.ofDays(n);
                s = Schedule.rate(d);
            } else if (expression.startsWith("cron(") && expression.endsWith(")")) {
                String[] p = expression.substring(5, expression.length() - 1).trim().split("\\s+");
                if (p.length != 6 || !p[5].equals("*")) {
                    return Optional.empty();
                }
                s = Schedule.cron("0 " + String.join(" ", List.of(p).subList(0, 5)));
            } else {
                return Optional.empty();
            }
            return Optional.of(zone == null || zone.isBlank() ? s : s.inZone(ZoneId.of(zone)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public Trigger bind(String function, TriggerSource source, int batchSize) {
        Schedule schedule = source.schedule().orElseThrow();
        String name = source.name();
        String resource = "schedule " + name;
        String role = clients.settings().schedulerRole().orElseThrow(() -> new CloudException(
                ErrorCode.INVALID_ARGUMENT, "Missing configuration key '" + AwsSettings.SCHEDULER_ROLE + "': the ARN"
                + " of the IAM role EventBridge Scheduler assumes to invoke Lambda (trusting scheduler.amazonaws.com,"
                + " allowed lambda:InvokeFunction)", AwsErrors.PROVIDER, resource, null));
        String arn = functions.configuration(function).orElseThrow(() -> LambdaFunctionDriver.missing(function, null))
                .arn();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("schedule", name);
        input.put("scheduledTime", TIME);
        input.put("actualTime", TIME);
        input.put("payload", schedule.payload().orElse(null));
        String zone = schedule.zone() instanceof ZoneOffset o && o.getTotalSeconds() == 0 ? "UTC" : schedule.zone().getId();
        String scheduleArn = AwsErrors.call(resource, "CreateSchedule", () -> clients.scheduler().createSchedule(b -> b
                .name(name).groupName(GROUP)
                .scheduleExpression(expression(schedule))
                .scheduleExpressionTimezone(zone)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .state(ScheduleState.ENABLED)
                .description("polycloud schedule for function " + function)
                .target(t -> t.arn(arn).roleArn(role).input(Json.write(input))))).scheduleArn();
        try {
            AwsErrors.call(resource, "AddPermission", () -> clients.lambda().addPermission(b -> b
                    .functionName(function).statementId(statement(name)).action("lambda:InvokeFunction")
                    .principal(PRINCIPAL).sourceArn(scheduleArn)));
        } catch (CloudException e) {
            LambdaFunctionDriver.ignoreMissing(() -> AwsErrors.call(resource, "DeleteSchedule",
                    () -> clients.scheduler().deleteSchedule(b -> b.name(name).groupName(GROUP))));
            throw e;
        }
        return new Trigger(PREFIX + name, function, source, batchSize);
    }

    public void unbind(String triggerId) {
        String name = triggerId.substring(PREFIX.length());
        String resource = "schedule " + name;
        GetScheduleResponse s;
        try {
            s = AwsErrors.call(resource, "GetSchedule",
                    () -> clients.scheduler().getSchedule(b -> b.name(name).groupName(GROUP)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist",
                        AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
        AwsErrors.call(resource, "DeleteSchedule",
                () -> clients.scheduler().deleteSchedule(b -> b.name(name).groupName(GROUP)));
        String function = s.target() == null ? null : functionName(s.target().arn());
        if (function != null) {
            LambdaFunctionDriver.ignoreMissing(() -> AwsErrors.call(resource, "RemovePermission",
                    () -> clients.lambda().removePermission(b -> b.functionName(function)
                            .statementId(statement(name)))));
        }
    }

    public void unbindAll(String function) {
        for (Trigger t : of(function)) {
            dev.polycloud.internal.NotFound.ignore(() -> unbind(t.id()));
        }
    }

    public List<Trigger> of(String function) {
        Optional<LambdaFunctionDriver.Config> fn = functions.configuration(function);
        if (fn.isEmpty()) {
            return List.of();
        }
        String arn = fn.get().arn();
        List<ScheduleSummary> all;
        try {
            all = AwsErrors.call("function " + function, "ListSchedules",
                    () -> clients.scheduler().listSchedulesPaginator(b -> b.groupName(GROUP)).schedules().stream()
                            .toList());
        } catch (CloudException e) {
            if (e.code() != ErrorCode.PERMISSION_DENIED) {
                throw e;
            }
            // credentials without scheduler:ListSchedules cannot have bound schedules through Polycloud either
            LOG.debug("Not listing schedules of {}: {}", function, e.getMessage());
            return List.of();
        }
        List<Trigger> out = new ArrayList<>();
        for (ScheduleSummary summary : all) {
            if (summary.target() == null || !arn.equals(summary.target().arn())) {
                continue;
            }
            GetScheduleResponse s;
            try {
                s = AwsErrors.call("schedule " + summary.name(), "GetSchedule",
                        () -> clients.scheduler().getSchedule(b -> b.name(summary.name()).groupName(GROUP)));
            } catch (CloudException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue;
                }
                throw e;
            }
            Optional<Schedule> schedule = portable(s.scheduleExpression(), s.scheduleExpressionTimezone());
            if (schedule.isEmpty()) {
                continue; // not a schedule Polycloud would have written
            }
            Schedule named = schedule.get();
            try {
                named = named.named(s.name());
                String in = s.target().input();
                if (in != null) {
                    JsonNode payload = Json.read(in).path("payload");
                    if (payload.isTextual()) {
                        named = named.withPayload(payload.asText());
                    }
                }
            } catch (RuntimeException e) {
                continue;
            }
            out.add(new Trigger(PREFIX + s.name(), function, TriggerSource.schedule(named), 1));
        }
        return out;
    }

    private static String statement(String name) {
        return "polycloud-schedule-" + name;
    }

    private static String functionName(String arn) {
        if (arn == null) {
            return null;
        }
        String[] p = arn.split(":");
        return p.length >= 7 ? p[6] : null;
    }
}

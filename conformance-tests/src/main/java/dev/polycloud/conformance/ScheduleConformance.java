package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertFailsWith;
import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertUnimplemented;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.ErrorCode;
import dev.polycloud.conformance.handlers.Recorder;
import dev.polycloud.conformance.handlers.ScheduleRecorder;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.ScheduleCapabilities;
import dev.polycloud.function.ScheduledEvent;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scheduled-trigger contract ({@link Functions#schedule}, {@link Schedule}): schedules are
 * created, listed among a function's triggers and deleted; bad expressions, rates under the
 * provider's {@code minInterval} and options it lacks are refused before any network call; and, on a
 * target whose clock the test moves ({@link ConformanceTarget#manualTime()}), the exact sequence of
 * runs across a minute boundary and daylight-saving changes. The clouds' schedulers cannot be driven
 * by a test clock (and the emulators do not fire schedules), so those tests are skipped there with
 * that reason.
 */
@DisplayName("Scheduled triggers")
public abstract class ScheduleConformance extends FunctionSuiteSupport {

    private ScheduleCapabilities schedules() {
        return caps().schedules();
    }

    private void assumeSchedules() {
        Assumptions.assumeTrue(caps().supported() && schedules().supported(),
                "provider does not declare scheduled triggers");
    }

    private String deployRecorder(Functions fns) {
        FunctionSpec.Builder b = FunctionSpec.builder(uniqueName("fn"), ScheduleRecorder.class);
        handlerArtifact().ifPresent(b::artifact);
        FunctionSpec spec = b.build();
        afterwards(() -> Recorder.forget(spec.name()));
        afterwards(() -> fns.delete(spec.name()));
        fns.deploy(spec);
        return spec.name();
    }

    @Nested
    @DisplayName("management")
    class Management {

        @Test
        @DisplayName("a schedule is created, listed among the function's triggers, and deleted")
        void createListDelete() {
            assumeSchedules();
            Functions fns = functions();
            String fn = deployRecorder(fns);
            String name = uniqueName("sch");
            Trigger t = fns.schedule(fn, Schedule.cron("0 0 2 * * ?").named(name).withPayload("{\"report\":1}"));
            afterwards(() -> fns.unbind(t));
            assertThat(t.function()).isEqualTo(fn);
            assertThat(t.source().kind()).isEqualTo(TriggerSource.Kind.SCHEDULE);
            assertThat(t.source().name()).isEqualTo(name);
            assertThat(fns.triggers(fn)).extracting(Trigger::id).contains(t.id());
            fns.unbind(t);
            assertThat(fns.triggers(fn)).extracting(Trigger::id).doesNotContain(t.id());
        }

        @Test
        @DisplayName("an unnamed schedule is named after its function")
        void namedAfterFunction() {
            assumeSchedules();
            Functions fns = functions();
            String fn = deployRecorder(fns);
            Trigger t = fns.schedule(fn, Schedule.rate(schedules().minInterval().multipliedBy(5)));
            afterwards(() -> fns.unbind(t));
            assertThat(t.source().name()).isEqualTo(fn);
            assertThat(t.source().path()).isEqualTo("schedule/" + fn);
        }

        @Test
        @DisplayName("a second schedule with the same name is ALREADY_EXISTS")
        void duplicate() {
            assumeSchedules();
            Functions fns = functions();
            String fn = deployRecorder(fns);
            String name = uniqueName("sch");
            Trigger t = fns.schedule(fn, Schedule.cron("0 0 3 * * ?").named(name));
            afterwards(() -> fns.unbind(t));
            assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> fns.schedule(fn, Schedule.cron("0 0 4 * * ?").named(name)));
        }

        @Test
        @DisplayName("a schedule for a missing function is NOT_FOUND")
        void missingFunction() {
            assumeSchedules();
            assertFailsWith(ErrorCode.NOT_FOUND, () -> functions().schedule(uniqueName("nofn"),
                    Schedule.cron("0 0 2 * * ?")));
        }
    }

    @Nested
    @DisplayName("refused before the network")
    class Refused {

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"0 0 2 * *", "0 0 2 * * ? 2030", "0 0 25 * * ?", "0 0 2 1 * MON", "0 0 2 L * ?",
                "0 0 2 ? * 0", "nightly"})
        @DisplayName("an expression outside the dialect is INVALID_ARGUMENT")
        void badExpression(String expression) {
            assertInvalidArgument(() -> Schedule.cron(expression));
        }

        @Test
        @DisplayName("a rate under the provider's minInterval is INVALID_ARGUMENT, even for a missing function")
        void underMinInterval() {
            Assumptions.assumeTrue(schedules().minInterval().compareTo(Duration.ofSeconds(1)) > 0,
                    "provider's minInterval is one second, the smallest rate there is");
            Functions fns = cloud.functions();
            assertInvalidArgument(() -> fns.schedule(uniqueName("nofn"),
                    Schedule.rate(schedules().minInterval().minusSeconds(1))));
        }

        @Test
        @DisplayName("a cron firing more than once a minute is INVALID_ARGUMENT where minInterval is a minute")
        void cronUnderMinInterval() {
            Assumptions.assumeTrue(schedules().minInterval().compareTo(ScheduleCapabilities.ONE_MINUTE) >= 0,
                    "provider's minInterval is under a minute");
            Functions fns = cloud.functions();
            assertInvalidArgument(() -> fns.schedule(uniqueName("nofn"), Schedule.cron("*/10 * * * * ?")));
        }

        @Test
        @DisplayName("a schedule on a provider without scheduled triggers is UNIMPLEMENTED")
        void undeclared() {
            Assumptions.assumeFalse(caps().supported() && schedules().supported(),
                    "provider declares scheduled triggers");
            assertUnimplemented(() -> cloud.functions().schedule(uniqueName("nofn"), Schedule.cron("0 0 2 * * ?")));
        }

        @Test
        @DisplayName("preventing overlaps without overlapPrevention is UNIMPLEMENTED")
        void overlapUndeclared() {
            Assumptions.assumeFalse(caps().supported() && schedules().overlapPrevention(),
                    "provider declares overlapPrevention");
            assertUnimplemented(() -> cloud.functions().schedule(uniqueName("nofn"),
                    Schedule.cron("0 0 2 * * ?").withOverlap(Schedule.Overlap.SKIP)));
        }
    }

    @Nested
    @DisplayName("runs on a clock the test moves")
    class Ticks {

        private ManualTime manualTime() {
            assumeSchedules();
            assumeInProcess();
            return target().manualTime().orElseThrow(() -> new org.opentest4j.TestAbortedException(
                    "target's scheduler follows the cloud's own clock (and emulators do not fire schedules)"));
        }

        private List<ScheduledEvent> runs(String function) {
            return Recorder.events(function, ScheduledEvent.class);
        }

        private String deployOn(Cloud c) {
            String fn = uniqueName("fn");
            c.functions().deploy(FunctionSpec.builder(fn, ScheduleRecorder.class).build());
            afterwards(() -> Recorder.forget(fn));
            return fn;
        }

        /** Due times in order: runs due together start together, so they may record in any order. */
        private static List<Instant> scheduled(List<ScheduledEvent> events) {
            return events.stream().map(ScheduledEvent::scheduledTime).sorted().toList();
        }

        private static List<Instant> instants(String... texts) {
            return java.util.Arrays.stream(texts).map(Instant::parse).toList();
        }

        @Test
        @DisplayName("a per-minute cron runs once at each minute boundary with the schedule's name and payload")
        void minuteBoundary() {
            try (ManualTime.Clocked c = manualTime().open(Instant.parse("2026-01-01T00:00:30Z"))) {
                String fn = deployOn(c.cloud());
                c.cloud().functions().schedule(fn, Schedule.cron("0 * * * * ?").named("per-minute")
                        .withPayload("tick"));
                c.advanceTo(Instant.parse("2026-01-01T00:00:59Z"));
                assertThat(runs(fn)).isEmpty();
                c.advanceTo(Instant.parse("2026-01-01T00:01:00Z"));
                assertThat(runs(fn)).singleElement().satisfies(e -> {
                    assertThat(e.schedule()).isEqualTo("per-minute");
                    assertThat(e.scheduledTime()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
                    assertThat(e.actualTime()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
                    assertThat(e.payload()).contains("tick");
                });
                c.advanceTo(Instant.parse("2026-01-01T00:03:30Z"));
                assertThat(scheduled(runs(fn))).isEqualTo(instants("2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z",
                        "2026-01-01T00:03:00Z"));
            }
        }

        @Test
        @DisplayName("a nightly 02:30 Berlin run skips the spring-forward night and runs once on the fall-back night")
        void daylightSaving() {
            ZoneId berlin = ZoneId.of("Europe/Berlin");
            try (ManualTime.Clocked c = manualTime().open(Instant.parse("2026-03-27T12:00:00Z"))) {
                String fn = deployOn(c.cloud());
                c.cloud().functions().schedule(fn, Schedule.cron("0 30 2 * * ?").inZone(berlin));
                c.advanceTo(Instant.parse("2026-03-31T12:00:00Z"));
                assertThat(scheduled(runs(fn))).isEqualTo(instants("2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z",
                        "2026-03-31T00:30:00Z"));
                Recorder.forget(fn);
                c.advanceTo(Instant.parse("2026-10-24T12:00:00Z"));
                Recorder.forget(fn);
                c.advanceTo(Instant.parse("2026-10-26T12:00:00Z"));
                assertThat(scheduled(runs(fn))).isEqualTo(instants("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"));
            }
        }

        @Test
        @DisplayName("a rate schedule runs every interval from when it was bound, and not after it is deleted")
        void rateAndDelete() {
            try (ManualTime.Clocked c = manualTime().open(Instant.parse("2026-01-01T00:00:00Z"))) {
                String fn = deployOn(c.cloud());
                Trigger t = c.cloud().functions().schedule(fn, Schedule.rate(Duration.ofMinutes(5)));
                c.advanceTo(Instant.parse("2026-01-01T00:12:00Z"));
                assertThat(scheduled(runs(fn))).isEqualTo(instants("2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z"));
                c.cloud().functions().unbind(t);
                c.advanceTo(Instant.parse("2026-01-01T01:00:00Z"));
                assertThat(runs(fn)).hasSize(2);
                assertThat(runs(fn)).allSatisfy(e -> assertThat(e.payload()).isEqualTo(Optional.empty()));
            }
        }
    }
}

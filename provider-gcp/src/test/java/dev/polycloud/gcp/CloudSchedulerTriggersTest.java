package dev.polycloud.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.scheduler.v1.CreateJobRequest;
import com.google.cloud.scheduler.v1.Job;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.ScheduledEvent;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gcp.functions.FunctionProtocol;
import dev.polycloud.gcp.handlers.ScheduleProbeHandler;
import dev.polycloud.gcp.testing.LocalCloudFunctions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schedules on Cloud Scheduler: the translation of the portable dialect to unix-cron, the job the driver
 * asks for, and — through the stand-in Cloud Scheduler and Functions APIs with the real adapter under the
 * Functions Framework invoker — a stored job fired at its function the way Cloud Scheduler sends a run.
 */
@DisplayName("Scheduled triggers on Cloud Scheduler")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudSchedulerTriggersTest {

    private static final String PROJECT = "scheduler-test";
    private static final String REGION = "europe-west1";
    private static final String PARENT = "projects/" + PROJECT + "/locations/" + REGION;

    @Nested
    @DisplayName("translating the portable dialect to unix-cron")
    class Translation {

        @ParameterizedTest(name = "{0} becomes {1}")
        @CsvSource(delimiter = '|', value = {
            "0 0 2 * * ?        | 0 2 * * *",
            "0 */5 * * * ?      | */5 * * * *",
            "0 15 10 ? * MON-FRI | 15 10 * * 1-5",
            "0 0 12 ? * 1       | 0 12 * * 0",
            "0 0 12 ? * 2,7     | 0 12 * * 1,6",
            "0 0 12 ? * 2/2     | 0 12 * * 1-6/2",
            "0 5/20 * * * ?     | 5-59/20 * * * *",
            "0 0 0 1 JAN,JUL ?  | 0 0 1 1,7 *",
            "0 30 8-17/3 * * ?  | 30 8-17/3 * * *",
            "0 0 6 L-1 * ?      | skip",
        })
        void cron(String portable, String unix) {
            if (unix.equals("skip")) {
                assertThatThrownBy(() -> Schedule.cron(portable)).isInstanceOf(CloudException.class);
                return;
            }
            assertThat(CloudSchedulerTriggers.unixCron(Schedule.cron(portable))).isEqualTo(unix);
        }

        @ParameterizedTest(name = "a rate of {0} becomes {1}")
        @CsvSource(delimiter = '|', value = {
            "PT1M  | * * * * *",
            "PT5M  | */5 * * * *",
            "PT30M | */30 * * * *",
            "PT1H  | 0 * * * *",
            "PT6H  | 0 */6 * * *",
            "PT24H | 0 0 * * *",
        })
        void rates(String rate, String unix) {
            assertThat(CloudSchedulerTriggers.unixCron(Schedule.rate(Duration.parse(rate)))).isEqualTo(unix);
        }

        @ParameterizedTest(name = "a rate of {0} is UNIMPLEMENTED")
        @CsvSource({"PT7M", "PT90M", "PT5H", "PT48H", "PT61S"})
        void inexpressibleRates(String rate) {
            assertThatThrownBy(() -> CloudSchedulerTriggers.unixCron(Schedule.rate(Duration.parse(rate))))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED);
                        assertThat(e.getMessage()).contains(Duration.parse(rate).toString());
                    });
        }

        @Test
        @DisplayName("zones become tz database names, and odd fixed offsets are UNIMPLEMENTED")
        void zones() {
            assertThat(CloudSchedulerTriggers.timeZone(ZoneOffset.UTC)).isEqualTo("Etc/UTC");
            assertThat(CloudSchedulerTriggers.timeZone(ZoneId.of("Europe/Berlin"))).isEqualTo("Europe/Berlin");
            assertThat(CloudSchedulerTriggers.timeZone(ZoneOffset.ofHours(2))).isEqualTo("Etc/GMT-2");
            assertThat(CloudSchedulerTriggers.timeZone(ZoneOffset.ofHours(-5))).isEqualTo("Etc/GMT+5");
            assertThatThrownBy(() -> CloudSchedulerTriggers.timeZone(ZoneOffset.ofHoursMinutes(5, 30)))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
        }

        @Test
        @DisplayName("an https target carries an OIDC token of the configured account for the function's URL")
        void oidcOverHttps() {
            URI url = URI.create("https://europe-west1-p.cloudfunctions.net/fn");
            Schedule s = Schedule.cron("0 0 2 * * ?").named("nightly");
            Job job = CloudSchedulerTriggers.job(PARENT + "/jobs/nightly", "fn", url, s,
                    Optional.of("sched@p.iam.gserviceaccount.com"));
            assertThat(job.getHttpTarget().getOidcToken().getServiceAccountEmail())
                    .isEqualTo("sched@p.iam.gserviceaccount.com");
            assertThat(job.getHttpTarget().getOidcToken().getAudience()).isEqualTo(url.toString());
            assertThatThrownBy(() -> CloudSchedulerTriggers.job(PARENT + "/jobs/nightly", "fn", url, s,
                    Optional.empty())).isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains(CloudSchedulerTriggers.SERVICE_ACCOUNT);
                    });
        }

        @Test
        @DisplayName("the service account key must be an e-mail")
        void accountKey() {
            assertThatThrownBy(() -> Polycloud.open(PolycloudConfig.builder().provider("gcp")
                    .set("polycloud.gcp.project", PROJECT).set(CloudSchedulerTriggers.SERVICE_ACCOUNT, "nobody")
                    .build())).isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains(CloudSchedulerTriggers.SERVICE_ACCOUNT);
                    });
        }
    }

    @Nested
    @DisplayName("through the stand-in APIs")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class StandIn {

        private LocalCloudFunctions local;
        private Cloud cloud;
        private Path jar;

        @BeforeAll
        void open() throws IOException {
            local = LocalCloudFunctions.get();
            cloud = local.overrides(Polycloud.builder().config(PolycloudConfig.builder().provider("gcp")
                    .set("polycloud.gcp.project", PROJECT).set("polycloud.gcp.region", REGION).build())).open();
            jar = Files.createTempFile("handlers", ".jar");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
                z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
                z.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }

        @AfterAll
        void close() throws IOException {
            cloud.close();
            Files.deleteIfExists(jar);
        }

        private String deploy() {
            String fn = "fn-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
            cloud.functions().deploy(FunctionSpec.builder(fn, ScheduleProbeHandler.class).artifact(jar).build());
            return fn;
        }

        @Test
        @DisplayName("the job POSTs the schedule body to the function, and a fired run reaches the handler whole")
        void jobReachesHandler() {
            Functions fns = cloud.functions();
            String fn = deploy();
            Schedule schedule = Schedule.cron("0 30 2 * * ?").inZone(ZoneId.of("Europe/Berlin")).named("nightly-" + fn)
                    .withPayload("{\"report\":\"orders\"}");
            Trigger t = fns.schedule(fn, schedule);
            Job job = local.scheduler().job(PARENT + "/jobs/nightly-" + fn);
            assertThat(job.getSchedule()).isEqualTo("30 2 * * *");
            assertThat(job.getTimeZone()).isEqualTo("Europe/Berlin");
            assertThat(job.getHttpTarget().getUri()).isEqualTo(local.baseUrl() + "/" + fn);
            assertThat(job.getHttpTarget().getHeadersMap()).containsEntry(FunctionProtocol.INVOKE_HEADER,
                    FunctionProtocol.INVOKE_PAYLOAD).containsEntry("Content-Type", "application/json");
            assertThat(job.getHttpTarget().hasOidcToken()).as("no token over plain http").isFalse();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = PayloadCodec.decode(job.getHttpTarget().getBody().toByteArray(), Map.class);
            assertThat(body).containsEntry("schedule", "nightly-" + fn)
                    .containsEntry("payload", "{\"report\":\"orders\"}");

            Instant at = Instant.parse("2026-12-06T01:30:00Z");
            Instant before = Instant.now();
            assertThat(local.scheduler().fire(job.getName(), at)).isEqualTo(200);
            assertThat(ScheduleProbeHandler.EVENTS).filteredOn(e -> e.schedule().equals("nightly-" + fn))
                    .singleElement().satisfies(e -> {
                        assertThat(e.scheduledTime()).isEqualTo(at);
                        assertThat(e.actualTime()).isAfterOrEqualTo(before.minusSeconds(1));
                        assertThat(e.payload()).contains("{\"report\":\"orders\"}");
                    });

            assertThat(fns.triggers(fn)).singleElement().satisfies(listed -> {
                assertThat(listed.id()).isEqualTo(t.id());
                assertThat(listed.source().schedule()).contains(schedule);
            });
            fns.unbind(t);
            assertThat(local.scheduler().job(job.getName())).isNull();
            assertThatThrownBy(() -> fns.unbind(t)).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            fns.delete(fn);
        }

        @Test
        @DisplayName("a rate Cloud Scheduler cannot run is UNIMPLEMENTED before any job is requested")
        void inexpressibleRate() {
            Functions fns = cloud.functions();
            String fn = deploy();
            int before = local.scheduler().requests(CreateJobRequest.class).size();
            assertThatThrownBy(() -> fns.schedule(fn, Schedule.rate(Duration.ofMinutes(7))))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            assertThat(local.scheduler().requests(CreateJobRequest.class)).hasSize(before);
            fns.delete(fn);
        }

        @Test
        @DisplayName("deleting a function deletes its jobs, and other functions' jobs stay")
        void deleteFunctionDeletesJobs() {
            Functions fns = cloud.functions();
            String fn = deploy();
            String other = deploy();
            fns.schedule(fn, Schedule.rate(Duration.ofMinutes(5)).named("a-" + fn));
            fns.schedule(fn, Schedule.cron("0 0 * * * ?").named("b-" + fn));
            Trigger kept = fns.schedule(other, Schedule.cron("0 0 * * * ?").named("c-" + other));
            assertThat(fns.triggers(fn)).hasSize(2)
                    .allSatisfy(t -> assertThat(t.source().kind()).isEqualTo(TriggerSource.Kind.SCHEDULE));
            fns.delete(fn);
            assertThat(local.scheduler().job(PARENT + "/jobs/a-" + fn)).isNull();
            assertThat(local.scheduler().job(PARENT + "/jobs/b-" + fn)).isNull();
            assertThat(fns.triggers(other)).extracting(Trigger::id).containsExactly(kept.id());
            fns.delete(other);
            assertThat(local.scheduler().job(PARENT + "/jobs/c-" + other)).isNull();
        }
    }

    @Test
    @DisplayName("an event completed by the adapter decodes as the handler's ScheduledEvent")
    void adapterCompletion() {
        byte[] body = "{\"schedule\":\"s\",\"payload\":null}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-12-06T01:30:01.250Z");
        byte[] done = dev.polycloud.gcp.functions.ScheduledRuns.complete(body,
                Optional.of("2026-12-06T01:30:00.000+00:00"), now);
        ScheduledEvent e = PayloadCodec.decode(done, ScheduledEvent.class);
        assertThat(e.schedule()).isEqualTo("s");
        assertThat(e.scheduledTime()).isEqualTo(Instant.parse("2026-12-06T01:30:00Z"));
        assertThat(e.actualTime()).isEqualTo(now);
        assertThat(e.payload()).isEmpty();
        assertThat(dev.polycloud.gcp.functions.ScheduledRuns.complete(body, Optional.empty(), now)).isSameAs(body);
        byte[] other = "{\"order\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(dev.polycloud.gcp.functions.ScheduledRuns.complete(other, Optional.of("x"), now)).isSameAs(other);
    }
}

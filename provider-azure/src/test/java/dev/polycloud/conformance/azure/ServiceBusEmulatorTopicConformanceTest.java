package dev.polycloud.conformance.azure;

import dev.polycloud.emulators.Azurite;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.TopicConformance;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.testcontainers.azure.ServiceBusEmulatorContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.containers.Network;

/**
 * The shared topic suite on the Service Bus emulator, started with Testcontainers (it needs
 * Docker, and an SQL Server container beside it); storage queues (for dead-lettering) come from the
 * {@link Azurite} the tests start. Without Docker the whole class is disabled, not passed. The
 * emulator must support the administration client (the suite creates topics and subscriptions at
 * run time); choose its image with {@code -Dpolycloud.azure.servicebus-emulator.image}.
 */
@DisplayName("Azure: topic conformance on the Service Bus emulator (Docker)")
@Testcontainers(disabledWithoutDocker = true)
class ServiceBusEmulatorTopicConformanceTest extends TopicConformance {

    private static final String EMULATOR_IMAGE = System.getProperty("polycloud.azure.servicebus-emulator.image",
            "mcr.microsoft.com/azure-messaging/servicebus-emulator:latest");
    private static final String SQL_IMAGE = System.getProperty("polycloud.azure.sqlserver.image",
            "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04");

    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final MSSQLServerContainer SQL = new MSSQLServerContainer(SQL_IMAGE).acceptLicense()
            .withNetwork(NETWORK);

    @Container
    static final ServiceBusEmulatorContainer SERVICE_BUS = new ServiceBusEmulatorContainer(EMULATOR_IMAGE)
            .acceptLicense().withNetwork(NETWORK).withMsSqlServerContainer(SQL);

    private static final ConformanceTarget TARGET = new ConformanceTarget() {
        @Override
        public Cloud open() {
            return Polycloud.open(PolycloudConfig.builder().provider("azure")
                    .set("polycloud.azure.connection-string", Azurite.shared().connectionString())
                    .set("polycloud.azure.servicebus.connection-string", SERVICE_BUS.getConnectionString())
                    .build());
        }

        @Override
        public Duration shortLease() {
            // Service Bus locks last at least 5 seconds; shorter leases are emulated by abandoning.
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration patience() {
            return Duration.ofSeconds(30);
        }

        @Override
        public String toString() {
            return "azure on the Service Bus emulator";
        }
    };

    @Override
    protected ConformanceTarget target() {
        return TARGET;
    }
}

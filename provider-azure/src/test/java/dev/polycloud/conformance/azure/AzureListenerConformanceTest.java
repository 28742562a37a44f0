package dev.polycloud.conformance.azure;

import dev.polycloud.conformance.ListenerConformance;
import dev.polycloud.conformance.ConformanceTarget;
import org.junit.jupiter.api.DisplayName;

/** The shared Listener suite on Azure (Azurite unless an account is configured). */
@DisplayName("Azure (Azurite unless an account is configured): listeners")
class AzureListenerConformanceTest extends ListenerConformance {

    @Override
    protected ConformanceTarget target() {
        return AzureTarget.INSTANCE;
    }

    /** Azurite answers a few hundred calls a second: 500 messages keep the run under a minute. */
    @Override
    protected int noLossMessages() {
        return 500;
    }
}

package dev.polycloud.conformance.local;

import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ErrorConformance;
import org.junit.jupiter.api.DisplayName;

/**
 * The error suite once more with every optional capability of the in-memory provider switched
 * off, so that both branches of the capability tests run here: undeclared options must fail with
 * UNIMPLEMENTED, and dead-lettering must be done by the portable layer.
 */
@DisplayName("local without optional capabilities: errors, names and capabilities")
class LocalErrorConformanceWithoutCapabilitiesTest extends ErrorConformance {

    @Override
    protected ConformanceTarget target() {
        return LocalTarget.WITHOUT_OPTIONAL_CAPABILITIES;
    }
}

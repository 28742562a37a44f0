package dev.polycloud.conformance;

/**
 * The missing-emulator rule, kept here for runners written against earlier versions.
 *
 * @deprecated use {@link dev.polycloud.emulators.Emulators} from {@code polycloud-emulators}
 */
@Deprecated
public final class Emulators {

    /** See {@link dev.polycloud.emulators.Emulators#REQUIRE_PROPERTY}. */
    public static final String REQUIRE_PROPERTY = dev.polycloud.emulators.Emulators.REQUIRE_PROPERTY;

    private Emulators() {
    }

    /**
     * See {@link dev.polycloud.emulators.Emulators#required(String)}.
     *
     * @param provider the provider id
     * @return true if the provider's runner must run
     */
    public static boolean required(String provider) {
        return dev.polycloud.emulators.Emulators.required(provider);
    }

    /**
     * See {@link dev.polycloud.emulators.Emulators#missing(String, String)}.
     *
     * @param provider the provider id
     * @param whatIsMissing what to install
     * @return never returns normally
     */
    public static RuntimeException missing(String provider, String whatIsMissing) {
        return dev.polycloud.emulators.Emulators.missing(provider, whatIsMissing);
    }
}

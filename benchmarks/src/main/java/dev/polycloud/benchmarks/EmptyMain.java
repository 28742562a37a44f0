package dev.polycloud.benchmarks;

/** The startup baseline: a {@code main} that does nothing, from the same jar as {@link StartupProbe}. */
public final class EmptyMain {

    private EmptyMain() {
    }

    /**
     * Does nothing.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        // the JVM's own start and exit is the baseline
    }
}

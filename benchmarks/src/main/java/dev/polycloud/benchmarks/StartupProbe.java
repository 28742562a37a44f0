package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;

/**
 * The startup measurement's subject: {@code Polycloud.open()} on the default (local) provider,
 * one queue created and one message sent, then exit. {@link EmptyMain} is its baseline; both run
 * from the same jar so the class path is the same.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    /**
     * Opens, sends, exits.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (Cloud cloud = Polycloud.open()) {
            cloud.queue("startup").create().send("hello");
        }
    }
}

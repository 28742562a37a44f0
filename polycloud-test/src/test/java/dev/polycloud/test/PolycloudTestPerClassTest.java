package dev.polycloud.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@PolycloudTest(lifecycle = PolycloudTest.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("@PolycloudTest(lifecycle = PER_CLASS)")
class PolycloudTestPerClassTest {

    private static Cloud first;

    @Test
    @Order(1)
    @DisplayName("opens one cloud for the class...")
    void one(Cloud cloud) {
        first = cloud;
        cloud.queue("kept-for-the-class").create();
    }

    @Test
    @Order(2)
    @DisplayName("...that the next test gets again, with what the first one created")
    void two(Cloud cloud) {
        assertThat(cloud).isSameAs(first);
        assertThat(cloud.queue("kept-for-the-class").exists()).isTrue();
    }
}

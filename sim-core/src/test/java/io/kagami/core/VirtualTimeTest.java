package io.kagami.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualTimeTest {
    @Test
    void parsesDurationsWithUnitsExactly() {
        assertEquals(2_000_000_000L, VirtualTime.parse("2s"));
        assertEquals(1_500_000_000L, VirtualTime.parse("1.5s"));
        assertEquals(150_000_000L, VirtualTime.parse("150ms"));
        assertEquals(10_000L, VirtualTime.parse("10us"));
        assertEquals(5L, VirtualTime.parse("5ns"));
        assertEquals(120_000_000_000L, VirtualTime.parse("2m"));
        assertEquals(3_600_000_000_000L, VirtualTime.parse("1h"));
        assertEquals(804_687_000L, VirtualTime.parse("0.804687s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "s", "-1s", "2 sec", "1.5ns", "1e3ms", "99999999999999h"})
    void refusesWhatIsNotADurationSayingWhatIsAllowed(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VirtualTime.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void formatsTimesInSecondsAndDurationsInTheirUnit() {
        assertEquals("6.804687s", VirtualTime.format(6_804_687_000L));
        assertEquals("0s", VirtualTime.format(0));
        assertEquals("200us", VirtualTime.formatDuration(200_000));
        assertEquals("150ms", VirtualTime.formatDuration(150_000_000));
        assertEquals("2s", VirtualTime.formatDuration(2_000_000_000));
        assertEquals("1.5s", VirtualTime.formatDuration(1_500_000_000));
        assertEquals("7ns", VirtualTime.formatDuration(7));
        assertEquals("0s", VirtualTime.formatDuration(0));
    }

    @Test
    void plusSaturatesAtNever() {
        assertEquals(VirtualTime.NEVER, VirtualTime.plus(VirtualTime.NEVER, 1));
        assertEquals(3, VirtualTime.plus(1, 2));
    }
}

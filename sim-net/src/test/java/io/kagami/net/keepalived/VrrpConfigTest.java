package io.kagami.net.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpConfigTest {
    private static VrrpConfig config(int version, int priority, long advert) {
        return VrrpConfig.neutron("VR_1", version, 1, priority, advert, true, Ipv4Address.of(169, 254, 192, 1),
                List.of(Ipv4Address.of(169, 254, 0, 1)));
    }

    @Test
    void neutronDefaultsGiveDomainsSkewAndMasterDown() {
        VrrpConfig c = config(2, 50, 2 * VirtualTime.SECOND);
        // (256 - 50) / 256 s = 0.8046875 s, truncated to keepalived's microseconds
        assertEquals(804_687_000L, c.skewTime(c.advertInterval()));
        assertEquals(3 * 2 * VirtualTime.SECOND + 804_687_000L, c.masterDownInterval(c.advertInterval()));
    }

    @Test
    void v2SkewDoesNotDependOnTheInterval() {
        VrrpConfig c = config(2, 100, 5 * VirtualTime.SECOND);
        assertEquals(c.skewTime(VirtualTime.SECOND), c.skewTime(5 * VirtualTime.SECOND));
        assertEquals((256 - 100) * 1_000_000L / 256 * 1000, c.skewTime(VirtualTime.SECOND));
    }

    @Test
    void v3SkewScalesWithTheMastersInterval() {
        VrrpConfig c = config(3, 50, 500 * VirtualTime.MILLISECOND);
        // ((256 - 50) * 50 cs) / 256 = 40.234375 cs = 402343 us (keepalived truncates to us)
        assertEquals(402_343_000L, c.skewTime(500 * VirtualTime.MILLISECOND));
        assertEquals(1_500_000_000L + 402_343_000L, c.masterDownInterval(500 * VirtualTime.MILLISECOND));
        assertEquals(804_687_000L, c.skewTime(VirtualTime.SECOND));
    }

    @Test
    void intervalsOutsideWhatTheWireCarriesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(2, 50, 1500 * VirtualTime.MILLISECOND));
        assertTrue(e.getMessage().contains("whole number of seconds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(2, 50, 0));
        assertThrows(IllegalArgumentException.class, () -> config(3, 50, 5 * VirtualTime.MILLISECOND));
        assertThrows(IllegalArgumentException.class, () -> config(2, 0, VirtualTime.SECOND));
        assertThrows(IllegalArgumentException.class, () -> config(4, 50, VirtualTime.SECOND));
    }
}

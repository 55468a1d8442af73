package io.kagami.net.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Context;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.keepalived.KeepalivedInstance.Signal;
import io.kagami.net.link.Lan;
import io.kagami.net.link.LanHost;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What keepalived does to its host's addresses on transitions, and when it sends gratuitous ARPs. */
@ExtendWith(SharedKernel.class)
class KeepalivedVirtualAddressesTest {
    private static final long SECOND = VirtualTime.SECOND;
    private final Kernel kernel;

    KeepalivedVirtualAddressesTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Sends adverts on the LAN and records what keepalived asks of its addresses. */
    private record RecordingHost(LanHost lan) implements VrrpHost {
        @Override
        public void send(Context<?> ctx, Ipv4Packet advert) {
            lan.send(ctx, advert);
        }

        @Override
        public void addVirtualAddresses(Context<?> ctx) {
            ctx.record("add");
        }

        @Override
        public void removeVirtualAddresses(Context<?> ctx) {
            ctx.record("remove");
        }

        @Override
        public void sendGratuitousArps(Context<?> ctx) {
            ctx.record("garp");
        }
    }

    private List<String> run(long sigtermAt, long until) {
        VrrpConfig config = VrrpConfig.neutron("VR_1", 2, 1, 50, 2 * SECOND, true, Ipv4Address.of(169, 254, 192, 1),
                List.of(Ipv4Address.of(169, 254, 0, 1)));
        Lan lan = new Lan("ha", VirtualTime.millis(1));
        Model.Builder m = Model.builder();
        var ka = m.add("network-7/keepalived/VR_1", "network-7",
                () -> new KeepalivedInstance(config, new RecordingHost(new LanHost(lan))));
        lan.attach(ka, KeepalivedInstance.Received::new);
        m.inject(0, ka, Signal.START).inject(sigtermAt, ka, Signal.SIGTERM);
        return kernel.run(m.build(), RunOptions.defaults().withUntil(until)).observations().stream()
                .filter(o -> o.value() instanceof String)
                .map(o -> VirtualTime.format(o.time()) + " " + o.value()).toList();
    }

    @Test
    void masterAddsAddressesSendsTwoGarpBurstsAndRemovesThemWhenStopped() {
        long master = 6_804_687_000L;
        String m = VirtualTime.format(master);
        String refresh = VirtualTime.format(master + 60 * SECOND);
        List<String> expected = new java.util.ArrayList<>();
        expected.add(m + " add");
        for (int i = 0; i < 5; i++) {
            expected.add(m + " garp");
        }
        for (int i = 0; i < 5; i++) {
            expected.add(refresh + " garp");
        }
        expected.add("100s remove");
        assertEquals(expected, run(100 * SECOND, 200 * SECOND));
    }

    @Test
    void noSecondBurstWhenMasterEndsBeforeGarpMasterDelay() {
        List<String> seen = run(30 * SECOND, 200 * SECOND);
        assertEquals(7, seen.size(), seen.toString());
        assertEquals("30s remove", seen.get(6));
    }
}

package io.kagami.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.net.apps.PingLost;
import io.kagami.net.apps.PingReply;
import org.junit.jupiter.api.Test;

/** The packet-path benchmark's flood crosses the path it claims, and its hops are counted as defined. */
class PacketPathTest {

    @Test
    void everyAnsweredPingIsFourteenHops() {
        PacketPath path = PacketPath.build();
        PacketPath.Hops hops = path.hops();
        long until = VirtualTime.millis(20);
        RunResult r;
        try (Kernel kernel = Kernel.create(1)) {
            r = kernel.run(path.model(), RunOptions.defaults().withUntil(until).withTracer(hops));
        }
        long replies = r.observations().stream().filter(o -> o.value() instanceof PingReply).count();
        long lost = r.observations().stream().filter(o -> o.value() instanceof PingLost).count();
        long counted = hops.sumThenReset();
        assertEquals(0, lost, "no ping is lost on an idle path");
        // One request every 10 µs for 20 ms, but for the last round trip's worth still in flight.
        assertTrue(replies > 1_900 && replies <= 2_000, "replies: " + replies);
        // 7 hops each way per ping. The rest: the pings still in flight at the end (a round trip of
        // ~200-300 µs, so at most ~30 pings of at most 14 hops), the first ARP exchange and the odd
        // VRRP advert flooded to the compute nodes. One hop more or less per ping is off by ~2,000.
        long extra = counted - 14 * replies;
        assertTrue(extra >= 0 && extra < 500, "hops " + counted + " for " + replies + " replies");
    }
}

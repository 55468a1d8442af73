package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.mac;
import static io.kagami.net.netns.Lab.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two hosts on a LAN (a hub, 1 ms each way to it): ping with ARP resolution first, and the neighbour
 * entry's life with the kernel's timers (reachable_time in [15 s, 45 s), delay_first_probe_time 5 s,
 * retrans_time 1 s, 3 unicast and 3 broadcast solicitations).
 */
@ExtendWith(SharedKernel.class)
class PingAndNeighbourTest {

    private final Kernel kernel;
    private final RunResult run;

    PingAndNeighbourTest(Kernel kernel) {
        this.kernel = kernel;
        this.run = lan().run(kernel, 200);
    }

    /** a (10.0.0.1) pings b (10.0.0.2) at 1 s, 2 s, 60 s; b goes down at 100 s; a pings it at 120 s and 130 s. */
    static Lab lan() {
        Lab lab = new Lab();
        var pinger = lab.recorder("pinger");
        Fabric.Device a = lab.namespace(Lab.host("a", "10.0.0.1/24", 1)
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, pinger, d -> d)));
        Fabric.Device b = lab.namespace(Lab.host("b", "10.0.0.2/24", 2));
        Fabric.Device hub = lab.hub("lan");
        lab.plug(a, "eth0", hub);
        lab.plug(b, "eth0", hub);
        lab.at(1, a, new SendPacket(ping("10.0.0.1", "10.0.0.2", 1), null));
        lab.at(2, a, new SendPacket(ping("10.0.0.1", "10.0.0.2", 2), null));
        lab.at(60, a, new SendPacket(ping("10.0.0.1", "10.0.0.2", 3), null));
        lab.at(100, b, new NamespaceCommand.SetInterfaceUp("eth0", false));
        lab.at(120, a, new SendPacket(ping("10.0.0.1", "10.0.0.2", 4), null));
        lab.at(130, a, new SendPacket(ping("10.0.0.1", "10.0.0.2", 5), null));
        return lab;
    }

    @Test
    void theFirstPingWaitsForArpAndLaterOnesDoNot() {
        List<Lab.Timed<IpDelivered>> replies = Lab.recorded(run, "pinger", IpDelivered.class);
        // ARP request and reply (4 ms), then the echo (4 ms); later pings take 4 ms; b down: no reply.
        assertEquals(List.of(ms(1008), ms(2004), ms(60004)), replies.stream().map(Lab.Timed::time).toList());
        assertEquals(List.of(1, 2, 3), replies.stream().map(r -> ((IcmpEcho) r.value().packet().payload()).seq())
                .toList());
        assertTrue(replies.stream().allMatch(r -> !((IcmpEcho) r.value().packet().payload()).isRequest()));
    }

    @Test
    void theEntryGoesReachableStaleDelayProbeReachableThenFailed() {
        List<Lab.Timed<NeighbourEntry>> a = Lab.recorded(run, "a", NeighbourEntry.class);
        List<NeighbourState> states = a.stream().map(t -> t.value().state()).toList();
        assertEquals(List.of(NeighbourState.INCOMPLETE, NeighbourState.REACHABLE, NeighbourState.STALE,
                NeighbourState.DELAY, NeighbourState.PROBE, NeighbourState.REACHABLE, NeighbourState.STALE,
                NeighbourState.DELAY, NeighbourState.PROBE, NeighbourState.FAILED,
                NeighbourState.INCOMPLETE, NeighbourState.FAILED), states);
        long reachable = a.get(2).time() - a.get(1).time();
        assertTrue(reachable >= VirtualTime.seconds(15) && reachable < VirtualTime.seconds(45),
                "reachable_time " + VirtualTime.format(reachable) + " outside [15 s, 45 s)");
        // One reachable_time per interface, redrawn only every 300 s.
        assertEquals(reachable, a.get(6).time() - a.get(5).time());
        assertEquals(List.of(ms(1000), ms(1004), ms(60000), ms(65000), ms(65004), ms(120000), ms(125000),
                ms(128000), ms(130000), ms(133000)),
                List.of(a.get(0).time(), a.get(1).time(), a.get(3).time(), a.get(4).time(), a.get(5).time(),
                        a.get(7).time(), a.get(8).time(), a.get(9).time(), a.get(10).time(), a.get(11).time()));
        assertEquals(mac(2), a.get(1).value().lladdr());
        assertEquals(null, a.get(9).value().lladdr(), "ip neigh shows no lladdr for FAILED");
    }

    @Test
    void aRequestForUsCreatesAStaleEntryWhoseFirstUseProbesAfterFiveSeconds() {
        List<Lab.Timed<NeighbourEntry>> b = Lab.recorded(run, "b", NeighbourEntry.class);
        assertEquals(
                List.of(NeighbourState.STALE, NeighbourState.DELAY, NeighbourState.PROBE, NeighbourState.REACHABLE),
                b.subList(0, 4).stream().map(t -> t.value().state()).toList());
        assertEquals(List.of(ms(1002), ms(1006), ms(6006), ms(6010)),
                b.subList(0, 4).stream().map(Lab.Timed::time).toList());
    }

    @Test
    void probesAreThreeUnicastRequestsThenResolutionThreeBroadcastsOneSecondApart() {
        List<Lab.Timed<Hub.Seen>> requests = Lab.recorded(run, "lan", Hub.Seen.class).stream()
                .filter(s -> s.value().frame().payload() instanceof ArpPacket arp
                        && arp.op() == ArpPacket.Op.REQUEST && arp.senderMac().equals(mac(1)))
                .toList();
        List<Lab.Timed<Hub.Seen>> late = requests.stream().filter(s -> s.time() > ms(100000)).toList();
        assertEquals(List.of(ms(125001), ms(126001), ms(127001), ms(130001), ms(131001), ms(132001)),
                late.stream().map(Lab.Timed::time).toList());
        assertEquals(List.of(mac(2), mac(2), mac(2), MacAddress.BROADCAST, MacAddress.BROADCAST, MacAddress.BROADCAST),
                late.stream().map(s -> s.value().frame().dst()).toList());
    }

    @Test
    void theSameModelRunTwiceGivesTheSameObservations() {
        RunResult again = lan().run(kernel, 200);
        assertEquals(run.observations().toString(), again.observations().toString());
    }

    private static long ms(long millis) {
        return VirtualTime.millis(millis);
    }
}

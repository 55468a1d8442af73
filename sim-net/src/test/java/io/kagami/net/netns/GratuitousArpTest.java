package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static io.kagami.net.netns.Lab.mac;
import static io.kagami.net.netns.Lab.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gratuitous ARP with arp_accept=0, as keepalived's new master sends it: it re-points an existing
 * entry at once (even within locktime), creates none, and is not answered by the address's owner.
 */
@ExtendWith(SharedKernel.class)
class GratuitousArpTest {

    private final RunResult run;

    /**
     * a resolves b (10.0.0.2) at 1 s; c announces 10.0.0.2 at 1.1 s and 10.0.0.77 at 1.2 s; a stale
     * unicast reply for 10.0.0.2 from b's MAC comes at 1.5 s (within locktime) and again at 3 s.
     */
    GratuitousArpTest(Kernel kernel) {
        Lab lab = new Lab();
        Fabric.Device a = lab.namespace(Lab.host("a", "10.0.0.1/24", 1));
        Fabric.Device b = lab.namespace(Lab.host("b", "10.0.0.2/24", 2));
        Fabric.Device c = lab.namespace(Lab.host("c", "10.0.0.3/24", 3));
        Fabric.Device hub = lab.hub("lan");
        lab.plug(a, "eth0", hub);
        lab.plug(b, "eth0", hub);
        lab.plug(c, "eth0", hub);
        lab.at(1, a, new SendPacket(ping("10.0.0.1", "10.0.0.2", 1), null));
        lab.at(1.1, c, new NamespaceCommand.SendGratuitousArp("eth0", ip("10.0.0.2")));
        lab.at(1.2, c, new NamespaceCommand.SendGratuitousArp("eth0", ip("10.0.0.77")));
        EthernetFrame staleReply = EthernetFrame.of(mac(1), mac(2),
                ArpPacket.reply(mac(2), ip("10.0.0.2"), mac(1), ip("10.0.0.1")));
        lab.at(1.5, hub, new Hub.Inject(staleReply));
        lab.at(3, hub, new Hub.Inject(staleReply));
        run = lab.run(kernel, 10);
    }

    @Test
    void aGratuitousArpRepointsTheExistingEntryAtOnce() {
        List<Lab.Timed<NeighbourEntry>> a = Lab.recorded(run, "a", NeighbourEntry.class);
        assertEquals(List.of(
                        new NeighbourEntry("eth0", ip("10.0.0.2"), null, NeighbourState.INCOMPLETE),
                        new NeighbourEntry("eth0", ip("10.0.0.2"), mac(2), NeighbourState.REACHABLE),
                        new NeighbourEntry("eth0", ip("10.0.0.2"), mac(3), NeighbourState.STALE),
                        new NeighbourEntry("eth0", ip("10.0.0.2"), mac(2), NeighbourState.REACHABLE)),
                a.stream().map(Lab.Timed::value).toList(),
                "no entry for 10.0.0.77; the reply at 1.5 s is within locktime of the GARP and ignored");
        assertEquals(List.of(1000L, 1004L, 1102L, 3001L),
                a.stream().map(t -> t.time() / VirtualTime.MILLISECOND).toList());
    }

    @Test
    void theOwnerOfTheAddressNeitherAnswersNorLearnsFromIt() {
        assertEquals(List.of(), Lab.recorded(run, "b", NeighbourEntry.class).stream()
                .filter(t -> mac(3).equals(t.value().lladdr()) || t.value().address().equals(ip("10.0.0.2")))
                .toList());
        assertEquals(List.of(), Lab.recorded(run, "lan", Hub.Seen.class).stream()
                .filter(s -> s.value().frame().src().equals(mac(2)) && s.value().frame().dst().equals(mac(3)))
                .toList());
    }
}

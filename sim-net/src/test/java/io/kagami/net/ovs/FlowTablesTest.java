package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.RawEtherPayload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookup precedence, OpenFlow 1.3 add/replace, loose delete, learn refreshes and timeouts. */
class FlowTablesTest {
    private static final long SECOND = VirtualTime.SECOND;
    private static final MacAddress MAC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final EthernetFrame ARP = EthernetFrame.of(MacAddress.BROADCAST, MAC,
            ArpPacket.request(MAC, Ipv4Address.parse("192.168.80.5"), Ipv4Address.parse("192.168.80.1")));
    private static final EthernetFrame OTHER = EthernetFrame.of(MacAddress.BROADCAST, MAC,
            RawEtherPayload.of(0x88b5, new byte[46]));

    private static FieldValues key(int inPort, long tunId, EthernetFrame frame) {
        FieldValues key = FieldValues.probe();
        key.setExtracted(inPort, tunId, frame);
        return key;
    }

    @Test
    void theHighestPriorityWinsAndTiesGoToTheFirstInstalled() {
        FlowTables tables = new FlowTables();
        FlowRule low = FlowRule.of(0, 0, Match.ANY);
        FlowRule first = FlowRule.of(0, 5, Match.ANY.inPort(1), Action.output(2));
        FlowRule second = FlowRule.of(0, 5, Match.ANY.arp(), Action.output(3));
        FlowRule otherPort = FlowRule.of(0, 9, Match.ANY.inPort(7), Action.output(4));
        List.of(low, first, second, otherPort).forEach(r -> tables.add(r, 0));

        assertEquals(first, tables.lookup(0, key(1, 0, ARP), 0).rule());
        assertEquals(second, tables.lookup(0, key(2, 0, ARP), 0).rule());
        assertEquals(low, tables.lookup(0, key(2, 0, OTHER), 0).rule());
        assertNull(tables.lookup(4, key(1, 0, ARP), 0), "a table without flows misses");
    }

    @Test
    void masksSelectTheBitsTheyCover() {
        FlowTables tables = new FlowTables();
        MacAddress multicastBit = MacAddress.parse("01:00:00:00:00:00");
        FlowRule unicast = FlowRule.of(2, 0, Match.ANY.dlDst(MacAddress.ZERO, multicastBit), Action.resubmit(20));
        FlowRule multicast = FlowRule.of(2, 0, Match.ANY.dlDst(multicastBit, multicastBit), Action.resubmit(22));
        tables.add(unicast, 0);
        tables.add(multicast, 0);
        EthernetFrame toRouter = EthernetFrame.of(MacAddress.parse("fa:16:3e:aa:bb:cc"), MAC, ARP.payload());

        assertEquals(multicast, tables.lookup(2, key(1, 0, ARP), 0).rule());
        assertEquals(unicast, tables.lookup(2, key(1, 0, toRouter), 0).rule());
    }

    @Test
    void anAddWithTheSameMatchAndPriorityReplacesKeepingCountersButNotDuration() {
        FlowTables tables = new FlowTables();
        tables.add(FlowRule.of(22, 1, Match.ANY.dlVlan(3), Action.output(2)), 0);
        tables.lookup(22, key(1, 0, ARP.withVlan(3)), SECOND).hit(46, SECOND);
        FlowRule twoTunnels = FlowRule.of(22, 1, Match.ANY.dlVlan(3), Action.output(2), Action.output(3));
        tables.add(twoTunnels, 5 * SECOND);

        assertEquals(List.of(new Flow(twoTunnels, SECOND, SECOND, 1, 46)), tables.snapshot(6 * SECOND));
    }

    @Test
    void aLooseDeleteTakesTheFlowsItsMatchCovers() {
        FlowTables tables = new FlowTables();
        FlowRule network = FlowRule.of(4, 1, Match.ANY.tunId(0xcb), Action.modVlanVid(3), Action.resubmit(10));
        FlowRule other = FlowRule.of(4, 1, Match.ANY.tunId(0xcc), Action.modVlanVid(4), Action.resubmit(10));
        FlowRule drop = FlowRule.of(4, 0, Match.ANY);
        List.of(network, other, drop).forEach(r -> tables.add(r, 0));

        tables.delete(FlowFilter.all().inTable(4).matching(Match.ANY.tunId(0xcb)));

        assertEquals(List.of(other, drop), tables.snapshot(0).stream().map(Flow::rule).toList());
    }

    @Test
    void deletingByCookieLeavesOtherAgentsFlows() {
        FlowTables tables = new FlowTables();
        tables.add(FlowRule.of(0, 0, Match.ANY).withCookie(0xa), 0);
        tables.add(FlowRule.of(23, 0, Match.ANY).withCookie(0xb), 0);
        tables.delete(FlowFilter.all().withCookie(0xa));
        assertEquals(List.of(23), tables.snapshot(0).stream().map(f -> f.rule().table()).toList());
    }

    @Test
    void learnRefreshesTheHardTimeoutAndKeepsDurationAndCounters() {
        FlowTables tables = new FlowTables();
        Action.Learn learn = new Action.Learn(20, 300, 1, 0x77);
        EthernetFrame tagged = ARP.withVlan(3);
        tables.learn(learn.learnedFrom(2, 0xcb, tagged), 10 * SECOND);
        FlowTables.Entry learned = tables.lookup(20, key(1, 0, EthernetFrame.of(MAC, MAC, ARP.payload()).withVlan(3)),
                20 * SECOND);
        learned.hit(46, 20 * SECOND);
        tables.learn(learn.learnedFrom(2, 0xcb, tagged), 100 * SECOND);

        Flow flow = tables.snapshot(399 * SECOND).get(0);
        assertEquals(389 * SECOND, flow.duration());
        assertEquals(1, flow.nPackets());
        FieldValues toMac = key(1, 0, EthernetFrame.of(MAC, MAC, ARP.payload()).withVlan(3));
        assertSame(learned, tables.lookup(20, toMac, 400 * SECOND), "300 s counted from the refresh");
        assertNull(tables.lookup(20, toMac, 400 * SECOND + 1));
    }

    @Test
    void learningTheSameMacFromAnotherTunnelRewritesTheOutputAtOnce() {
        FlowTables tables = new FlowTables();
        Action.Learn learn = new Action.Learn(20, 300, 1, 0);
        tables.learn(learn.learnedFrom(2, 0xcb, ARP.withVlan(3)), 0);
        tables.learn(learn.learnedFrom(3, 0xcb, ARP.withVlan(3)), SECOND);

        List<Flow> flows = tables.snapshot(SECOND);
        assertEquals(1, flows.size());
        assertEquals(Action.output(3), flows.get(0).rule().actions().get(2));
    }

    @Test
    void anIdleTimeoutCountsFromTheLastPacket() {
        FlowTables tables = new FlowTables();
        tables.add(new FlowRule(0, 0, 0, Match.ANY, List.of(), 10, 0), 0);
        tables.lookup(0, key(1, 0, ARP), 8 * SECOND).hit(42, 8 * SECOND);
        assertEquals(1, tables.snapshot(18 * SECOND).size());
        assertEquals(0, tables.snapshot(18 * SECOND + 1).size());
    }
}

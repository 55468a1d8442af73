package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a node's bridges learned from overheard adverts, put into their snapshots: the receiver's own
 * flows decide the VLAN, port and whether it learns at all; timeouts and the MAC table's size hold.
 * (Against a node that hears every advert itself: {@code io.kagami.net.views.OverheardStreamsTest}.)
 */
class OverheardLearningTest {
    private static final long S = VirtualTime.SECOND;
    private static final NeutronFlows FLOWS = NeutronFlows.forHost("network-9");
    private static final Ipv4Address LOCAL = Ipv4Address.parse("10.0.0.9");
    private static final Ipv4Address SENDER = Ipv4Address.parse("10.0.0.7");
    private static final int PATCH_INT = 1;
    private static final int TUNNEL = 2;
    private static final int PATCH_TUN = 1;
    private static final int HA_PORT = 5;
    private static final int VNI = 7;
    private static final int LVID = 3;
    private static final long NOW = 1000 * S;

    private static BridgeSnapshot brTun(long learnFlowAge, boolean provisioned) {
        List<Flow> flows = new ArrayList<>();
        FLOWS.brTunDefaults(PATCH_INT, false).forEach(r -> flows.add(new Flow(r, learnFlowAge, learnFlowAge, 0, 0)));
        if (provisioned) {
            flows.add(new Flow(FLOWS.brTunProvisionNetwork(VNI, LVID), NOW, NOW, 0, 0));
        }
        flows.sort((a, b) -> Integer.compare(a.rule().table(), b.rule().table()));
        List<BridgeSnapshot.PortState> ports = List.of(
                new BridgeSnapshot.PortState(OvsPort.patch("patch-int", PATCH_INT, "patch-tun"), true, 0, 0, 0, 0),
                new BridgeSnapshot.PortState(OvsPort.vxlan(TUNNEL, LOCAL, SENDER), true, 0, 0, 0, 0));
        return new BridgeSnapshot("br-tun", NOW, ports, flows, List.of());
    }

    private static BridgeSnapshot brInt(List<FdbEntry> fdb) {
        List<BridgeSnapshot.PortState> ports = List.of(
                new BridgeSnapshot.PortState(OvsPort.patch("patch-tun", PATCH_TUN, "patch-int"), true, 0, 0, 0, 0),
                new BridgeSnapshot.PortState(OvsPort.internal("ha-1", HA_PORT), true, 0, 0, 0, 0));
        return new BridgeSnapshot("br-int", NOW, ports, List.of(), fdb);
    }

    private static MacAddress mac(int i) {
        return new MacAddress(0xfa163e000000L + i);
    }

    private static OverheardStream heard(int i, long first, long last) {
        return new OverheardStream(SENDER, VNI, mac(i), first, last);
    }

    @Test
    void brTunLearnsAFlowToTheSendersTunnelInTheLocalVlan() {
        BridgeSnapshot merged = OverheardLearning.brTun(brTun(NOW, true), List.of(heard(1, 10 * S, NOW - S)));
        List<Flow> learned = merged.flows(NeutronFlows.UCAST_TO_TUN);
        assertEquals(2, learned.size(), learned.toString());
        Flow f = learned.get(0);
        assertEquals(new FlowRule(f.rule().cookie(), NeutronFlows.UCAST_TO_TUN, 1,
                Match.ANY.vlanTci(LVID, 0x0fff).dlDst(mac(1)), List.of(new Action.Load(Action.LoadTarget.VLAN_TCI, 0),
                new Action.Load(Action.LoadTarget.TUN_ID, VNI), new Action.Output(TUNNEL)), 0,
                NeutronFlows.LEARNED_HARD_TIMEOUT), f.rule());
        assertEquals(NOW - 10 * S, f.duration());
        assertEquals(NOW - 10 * S, f.idleAge(), "no packet matched it");
        assertEquals(0, learned.get(1).rule().priority(), "the table's miss flow stays last");
    }

    @Test
    void nothingIsLearnedWithoutTheFlowsThatLearn() {
        BridgeSnapshot unprovisioned = brTun(NOW, false);
        assertEquals(unprovisioned, OverheardLearning.brTun(unprovisioned, List.of(heard(1, 10 * S, NOW - S))));
        BridgeSnapshot reinstalled = brTun(5 * S, true);
        assertEquals(reinstalled, OverheardLearning.brTun(reinstalled, List.of(heard(1, 10 * S, NOW - 6 * S))),
                "learned before the flows were deleted and installed again");
        Flow relearned = OverheardLearning.brTun(reinstalled, List.of(heard(1, 10 * S, NOW - S)))
                .flows(NeutronFlows.UCAST_TO_TUN).get(0);
        assertEquals(5 * S, relearned.duration(), "learned again from the reinstallation");
    }

    @Test
    void learnedFlowsExpireStrictlyAfterTheHardTimeout() {
        long hard = NeutronFlows.LEARNED_HARD_TIMEOUT * S;
        BridgeSnapshot merged = OverheardLearning.brTun(brTun(NOW, true),
                List.of(heard(1, 0, NOW - hard), heard(2, 0, NOW - hard - 1)));
        List<Flow> learned = merged.flows(NeutronFlows.UCAST_TO_TUN);
        assertEquals(2, learned.size(), learned.toString());
        assertTrue(learned.get(0).rule().match().toString().contains(mac(1).toString()), learned.toString());
    }

    @Test
    void brIntLearnsOnThePatchPortAndKeepsTheLatestSighting() {
        List<FdbEntry> own = List.of(new FdbEntry(HA_PORT, LVID, mac(9), 3 * S), new FdbEntry(PATCH_TUN, LVID, mac(1), 100 * S));
        BridgeSnapshot merged = OverheardLearning.brInt(brInt(own), brTun(NOW, true), List.of(
                heard(1, 10 * S, NOW - S), heard(2, 10 * S, NOW - 2 * S),
                heard(3, 0, NOW - MacLearningTable.DEFAULT_AGING)));
        assertEquals(List.of(new FdbEntry(PATCH_TUN, LVID, mac(1), S), new FdbEntry(PATCH_TUN, LVID, mac(2), 2 * S),
                new FdbEntry(HA_PORT, LVID, mac(9), 3 * S)), merged.fdb(), "aged out at exactly 300 s");
    }

    @Test
    void aFullMacTableLosesTheOldestEntriesOfItsBusiestPort() {
        int capacity = MacLearningTable.DEFAULT_CAPACITY;
        List<FdbEntry> own = List.of(new FdbEntry(HA_PORT, LVID, mac(0), 200 * S));
        List<OverheardStream> heard = new ArrayList<>();
        for (int i = 1; i <= capacity + 10; i++) {
            heard.add(heard(i, 0, NOW - 100 * S + i));
        }
        List<FdbEntry> fdb = OverheardLearning.brInt(brInt(own), brTun(NOW, true), heard).fdb();
        assertEquals(capacity, fdb.size());
        assertTrue(fdb.stream().anyMatch(e -> e.mac().equals(mac(0))), "the oldest entry, but on a quiet port, stays");
        for (int i = 1; i <= 12; i++) {
            int m = i;
            assertEquals(i == 12, fdb.stream().anyMatch(e -> e.mac().equals(mac(m))), "the " + i + "th oldest entry");
        }
    }
}

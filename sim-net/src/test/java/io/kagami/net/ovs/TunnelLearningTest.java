package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.EntityRef;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.UdpDatagram;
import io.kagami.net.packet.VxlanPacket;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * br-int, br-tun, VXLAN, br-tun, br-int across two nodes with different local VLANs for one network
 * (node A: VLAN 1, node B: VLAN 5): an ARP request from A floods through A's table 22, B learns A's MAC in
 * table 20 through table 10's learn, and B's unicast reply goes back through that learned flow.
 */
@ExtendWith(SharedKernel.class)
class TunnelLearningTest {
    private static final long MS = VirtualTime.MILLISECOND;
    private static final long LATENCY = 50 * VirtualTime.MICROSECOND;
    private static final int VNI = 0xcb;
    private static final Ipv4Address TEP_A = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address TEP_B = Ipv4Address.parse("10.0.0.2");
    private static final MacAddress MAC_A = MacAddress.parse("fa:16:3e:00:00:0a");
    private static final MacAddress MAC_B = MacAddress.parse("fa:16:3e:00:00:0b");
    private static final Ipv4Address IP_A = Ipv4Address.parse("192.168.80.10");
    private static final Ipv4Address IP_B = Ipv4Address.parse("192.168.80.11");
    private static final EthernetFrame WHO_HAS_B = EthernetFrame.of(MacAddress.BROADCAST, MAC_A,
            ArpPacket.request(MAC_A, IP_A, IP_B));
    private static final EthernetFrame B_IS_AT = EthernetFrame.of(MAC_A, MAC_B, ArpPacket.reply(MAC_B, IP_B, MAC_A, IP_A));
    private static final long SNAPSHOT = 20 * MS;

    private final Kernel kernel;
    private NeutronNode nodeB;
    private RunResult run;

    TunnelLearningTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @BeforeEach
    void runTwoNodes() {
        Model.Builder model = Model.builder();
        Fabric fabric = new Fabric(model);
        Map<Ipv4Address, EntityRef<DeviceInput>> endpoints = new HashMap<>();
        NeutronNode nodeA = new NeutronNode(fabric, "A", TEP_A, List.of(TEP_B), VNI, 1, List.of("vm-a"), endpoints, LATENCY);
        nodeB = new NeutronNode(fabric, "B", TEP_B, List.of(TEP_A), VNI, 5, List.of("vm-b", "vm-c"), endpoints, LATENCY);
        model.lookahead("A", "B", LATENCY)
                .inject(1 * MS, nodeA.vms.get("vm-a"), new TestHost.Send(WHO_HAS_B))
                .inject(10 * MS, nodeB.vms.get("vm-b"), new TestHost.Send(B_IS_AT));
        for (NeutronNode n : List.of(nodeA, nodeB)) {
            model.inject(SNAPSHOT, n.brInt.ref(), new OvsCommand.Snapshot())
                    .inject(SNAPSHOT, n.brTun.ref(), new OvsCommand.Snapshot());
        }
        run = kernel.run(model.build(), RunOptions.defaults().withPartitions(2));
    }

    private static Flow flow(BridgeSnapshot s, int table, int priority) {
        return s.flows(table).stream().filter(f -> f.rule().priority() == priority).findFirst().orElseThrow();
    }

    @Test
    void theBroadcastFloodsToTheOtherNodeAndTheReplyComesBackUnicast() {
        assertEquals(List.of(WHO_HAS_B), Runs.received(run, "B/vm-b"));
        assertEquals(List.of(WHO_HAS_B), Runs.received(run, "B/vm-c"), "vm-c shares the VLAN: it sees the broadcast only");
        assertEquals(List.of(B_IS_AT), Runs.received(run, "A/vm-a"));

        List<Ipv4Packet> fromA = Runs.carried(run, "A/nic");
        assertEquals(1, fromA.size());
        assertEquals(TEP_B, fromA.get(0).dst());
        VxlanPacket request = (VxlanPacket) ((UdpDatagram) fromA.get(0).payload()).payload();
        assertEquals(VNI, request.vni());
        assertEquals(WHO_HAS_B, request.inner(), "table 22 strips the local VLAN before the tunnel");
        assertEquals(1, Runs.carried(run, "B/nic").size());
    }

    @Test
    void nodeBLearnsTheSenderInTable20WithNeutronsLearnedFlow() {
        BridgeSnapshot brTunB = Runs.snapshot(run, "B/br-tun", SNAPSHOT);
        FlowRule expected = new FlowRule(nodeB.flows.cookie(), NeutronFlows.UCAST_TO_TUN, 1,
                Match.ANY.vlanTci(5, 0x0fff).dlDst(MAC_A),
                List.of(new Action.Load(Action.LoadTarget.VLAN_TCI, 0), new Action.Load(Action.LoadTarget.TUN_ID, VNI),
                        Action.output(2)),
                0, NeutronFlows.LEARNED_HARD_TIMEOUT);
        Flow learned = flow(brTunB, NeutronFlows.UCAST_TO_TUN, 1);
        assertEquals(expected, learned.rule());
        assertEquals(SNAPSHOT - (1 * MS + LATENCY), learned.duration());
        assertEquals(1, learned.nPackets(), "the reply used it");
        assertEquals(46, learned.nBytes(), "42-byte ARP plus the local VLAN tag from br-int");
        assertTrue(DumpFlows.format(brTunB).contains(" cookie=0x" + Long.toHexString(nodeB.flows.cookie())
                + ", duration=0.018s, table=20, n_packets=1, n_bytes=46, hard_timeout=300,"
                + " priority=1,vlan_tci=0x0005/0x0fff,dl_dst=fa:16:3e:00:00:0a actions=load:0->NXM_OF_VLAN_TCI[],"
                + "load:0xcb->NXM_NX_TUN_ID[],output:\"vxlan-0a000001\"\n"), DumpFlows.format(brTunB));
    }

    @Test
    void countersShowTheBroadcastFloodedOnANodeAndTheReplyNot() {
        BridgeSnapshot brTunA = Runs.snapshot(run, "A/br-tun", SNAPSHOT);
        BridgeSnapshot brTunB = Runs.snapshot(run, "B/br-tun", SNAPSHOT);
        assertEquals(1, flow(brTunA, NeutronFlows.FLOOD_TO_TUN, 1).nPackets());
        assertEquals(46, flow(brTunA, NeutronFlows.FLOOD_TO_TUN, 1).nBytes());
        assertEquals(0, flow(brTunB, NeutronFlows.FLOOD_TO_TUN, 1).nPackets(), "B never floods the reply");
        assertEquals(0, flow(brTunB, NeutronFlows.UCAST_TO_TUN, 0).nPackets(), "the reply did not miss table 20");
        assertEquals(1, flow(brTunB, NeutronFlows.VXLAN_TUN_TO_LV, 1).nPackets());
        assertEquals(42, flow(brTunB, NeutronFlows.VXLAN_TUN_TO_LV, 1).nBytes(), "untagged off the tunnel");
        assertEquals(1, flow(brTunB, NeutronFlows.LEARN_FROM_TUN, 1).nPackets());
        // A learned B's MAC from the reply in turn, in A's own VLAN.
        assertEquals(Match.ANY.vlanTci(1, 0x0fff).dlDst(MAC_B), flow(brTunA, NeutronFlows.UCAST_TO_TUN, 1).rule().match());

        BridgeSnapshot brIntB = Runs.snapshot(run, "B/br-int", SNAPSHOT);
        assertEquals(List.of(new FdbEntry(1, 5, MAC_A, SNAPSHOT - 1 * MS - LATENCY),
                new FdbEntry(2, 5, MAC_B, SNAPSHOT - 10 * MS)), brIntB.fdb());
        assertEquals(1, brIntB.port("patch-tun").txPackets(), "the reply left on patch-tun only");
        assertEquals(1, brIntB.port("tap-vm-c").txPackets());
    }
}

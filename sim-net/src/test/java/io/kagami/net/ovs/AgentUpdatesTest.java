package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the agent changes at run time in a compute's br-tun: tunnel_sync adding a new node's tunnel port
 * to the flood set (the flood flow is added again, keeping its counters) and removing one with its
 * flows, and a network leaving the node.
 */
@ExtendWith(SharedKernel.class)
class AgentUpdatesTest {
    private static final long MS = VirtualTime.MILLISECOND;
    private static final Ipv4Address NODE_9 = Ipv4Address.parse("10.0.0.9");
    private static final MacAddress VM = MacAddress.parse("fa:16:3e:00:00:99");
    private static final EthernetFrame BROADCAST = EthernetFrame.of(MacAddress.BROADCAST, VM,
            ArpPacket.request(VM, Ipv4Address.parse("192.168.80.5"), Ipv4Address.parse("192.168.80.1"))).withVlan(ComputeBrTun.LVID);

    private final Kernel kernel;

    AgentUpdatesTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void aTunnelAddedAtRunTimeIsFloodedToAndARemovedOneIsNot() {
        ComputeBrTun c = new ComputeBrTun();
        OvsPort vxlan9 = OvsPort.vxlan(4, ComputeBrTun.LOCAL, NODE_9);
        c.inject(1 * MS, c.brInt, new TestHost.Send(BROADCAST))
                .inject(2 * MS, c.bridge, new OvsCommand.AddPort(vxlan9))
                .inject(2 * MS, c.bridge, OvsCommand.AddFlows.of(c.flows.brTunTunnelPort(4),
                        c.flows.brTunFloodToTunnels(ComputeBrTun.LVID, ComputeBrTun.VNI, List.of(2, 3, 4))))
                .inject(3 * MS, c.brInt, new TestHost.Send(BROADCAST))
                .snapshot(4 * MS)
                .inject(5 * MS, c.bridge, new OvsCommand.DelPort(vxlan9.name()))
                .inject(5 * MS, c.bridge, new OvsCommand.DelFlows(c.flows.brTunCleanupTunnelPort(4)))
                .inject(5 * MS, c.bridge, OvsCommand.AddFlows.of(
                        c.flows.brTunFloodToTunnels(ComputeBrTun.LVID, ComputeBrTun.VNI, List.of(2, 3))))
                .inject(6 * MS, c.bridge, new TunnelIn(NODE_9, ComputeBrTun.VNI, BROADCAST.withoutVlan()))
                .inject(7 * MS, c.brInt, new TestHost.Send(BROADCAST))
                .snapshot(8 * MS);
        RunResult r = kernel.run(c.model.build(), RunOptions.defaults());

        List<Ipv4Address> destinations = Runs.carried(r, "nic").stream().map(p -> p.dst()).toList();
        assertEquals(List.of(ComputeBrTun.NODE_7, ComputeBrTun.NODE_8,
                ComputeBrTun.NODE_7, ComputeBrTun.NODE_8, NODE_9,
                ComputeBrTun.NODE_7, ComputeBrTun.NODE_8), destinations);

        Flow flood = Runs.snapshot(r, "br-tun", 4 * MS).flows(NeutronFlows.FLOOD_TO_TUN).get(0);
        assertEquals(2, flood.nPackets(), "re-adding the flow kept its counters");
        assertEquals(2 * MS, flood.duration(), "but restarted its duration");
        assertEquals(1, Runs.snapshot(r, "br-tun", 4 * MS).port(vxlan9.name()).txPackets());

        BridgeSnapshot after = Runs.snapshot(r, "br-tun", 8 * MS);
        assertEquals(List.of(1, 2, 3), after.ports().stream().map(p -> p.port().ofport()).toList());
        assertEquals(List.of(Match.ANY.inPort(1), Match.ANY.inPort(2), Match.ANY.inPort(3), Match.ANY),
                after.flows(0).stream().map(f -> f.rule().match()).toList(), "in_port=4 is gone from table 0");
        assertEquals(List.of(), Runs.received(r, "br-int"), "node 9's packet found no tunnel port");
    }

    @Test
    void aReclaimedNetworkNoLongerComesInOrFloodsButLearnedFlowsAgeOut() {
        ComputeBrTun c = new ComputeBrTun();
        TunnelIn fromNode7 = new TunnelIn(ComputeBrTun.NODE_7, ComputeBrTun.VNI, BROADCAST.withoutVlan());
        c.inject(1 * MS, c.bridge, fromNode7);
        c.flows.brTunReclaimNetwork(ComputeBrTun.VNI, ComputeBrTun.LVID)
                .forEach(filter -> c.inject(2 * MS, c.bridge, new OvsCommand.DelFlows(filter)));
        c.inject(3 * MS, c.bridge, fromNode7)
                .inject(3 * MS, c.brInt, new TestHost.Send(BROADCAST))
                .snapshot(4 * MS);
        RunResult r = kernel.run(c.model.build(), RunOptions.defaults());

        assertEquals(List.of(BROADCAST), Runs.received(r, "br-int"), "only the packet before the reclaim");
        assertEquals(List.of(), Runs.carried(r, "nic"));
        BridgeSnapshot s = Runs.snapshot(r, "br-tun", 4 * MS);
        assertEquals(List.of(0), s.flows(NeutronFlows.VXLAN_TUN_TO_LV).stream().map(f -> f.rule().priority()).toList());
        assertEquals(List.of(0), s.flows(NeutronFlows.FLOOD_TO_TUN).stream().map(f -> f.rule().priority()).toList());
        assertEquals(List.of(1, 0), s.flows(NeutronFlows.UCAST_TO_TUN).stream().map(f -> f.rule().priority()).toList());
    }
}

package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.kagami.net.packet.MacAddress;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bridge whose only flow is NORMAL, with access ports a and b in VLAN 1, c in VLAN 2 and trunk t:
 * flooding per VLAN, learning, a MAC moving to the trunk, tagged frames on access ports, aging.
 */
@ExtendWith(SharedKernel.class)
class NormalSwitchingTest {
    private static final long MS = VirtualTime.MILLISECOND;
    private static final long SECOND = VirtualTime.SECOND;
    private static final MacAddress MAC_A = MacAddress.parse("fa:16:3e:00:00:0a");
    private static final MacAddress MAC_B = MacAddress.parse("fa:16:3e:00:00:0b");
    private static final Ipv4Address IP_A = Ipv4Address.parse("192.168.80.10");
    private static final Ipv4Address IP_B = Ipv4Address.parse("192.168.80.11");

    private static final EthernetFrame WHO_HAS_B = EthernetFrame.of(MacAddress.BROADCAST, MAC_A,
            ArpPacket.request(MAC_A, IP_A, IP_B));
    private static final EthernetFrame B_TO_A = EthernetFrame.of(MAC_A, MAC_B, ArpPacket.reply(MAC_B, IP_B, MAC_A, IP_A));
    private static final EthernetFrame GARP_A = EthernetFrame.of(MacAddress.BROADCAST, MAC_A, ArpPacket.gratuitous(MAC_A, IP_A));

    private final Kernel kernel;

    NormalSwitchingTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private RunResult run() {
        Model.Builder model = Model.builder();
        Fabric fabric = new Fabric(model);
        OvsBridgeConfig config = new OvsBridgeConfig("br0",
                List.of(OvsPort.system("a", 1).withTag(1), OvsPort.system("b", 2).withTag(1),
                        OvsPort.system("c", 3).withTag(2), OvsPort.system("t", 4)),
                List.of(FlowRule.of(0, 0, Match.ANY, Action.NORMAL)));
        Fabric.Device bridge = fabric.device("br0", "g", wires -> new OvsBridge(config, wires));
        Map<String, EntityRef<DeviceInput>> hosts = new HashMap<>();
        for (String name : List.of("a", "b", "c", "t")) {
            Fabric.Device host = fabric.device("host-" + name, "g", TestHost::new);
            fabric.connect(bridge, bridge.addPort(name), host, host.addPort("eth0"), 0);
            hosts.put(name, host.ref());
        }
        model.inject(1 * MS, hosts.get("a"), new TestHost.Send(WHO_HAS_B))
                .inject(2 * MS, hosts.get("b"), new TestHost.Send(B_TO_A))
                .inject(3 * MS, hosts.get("t"), new TestHost.Send(GARP_A.withVlan(1)))
                .inject(4 * MS, hosts.get("b"), new TestHost.Send(B_TO_A))
                .inject(5 * MS, hosts.get("a"), new TestHost.Send(WHO_HAS_B.withVlan(1)))
                .inject(6 * MS, bridge.ref(), new OvsCommand.Snapshot())
                .inject(300 * SECOND + 5 * MS, hosts.get("b"), new TestHost.Send(B_TO_A))
                .inject(300 * SECOND + 6 * MS, bridge.ref(), new OvsCommand.Snapshot());
        return kernel.run(model.build(), RunOptions.defaults());
    }

    @Test
    void floodsPerVlanLearnsMovesAndAges() {
        RunResult r = run();
        // Broadcast: to b untagged and to the trunk tagged, never to VLAN 2.
        assertEquals(List.of(WHO_HAS_B, GARP_A), Runs.received(r, "host-b"));
        assertEquals(List.of(), Runs.received(r, "host-c"));
        // The reply goes to a alone; once a's MAC shows up on the trunk, to the trunk alone, tagged; after
        // 300 s without frames both entries are gone and the unicast floods VLAN 1 again.
        assertEquals(List.of(B_TO_A, GARP_A, B_TO_A), Runs.received(r, "host-a"));
        assertEquals(List.of(WHO_HAS_B.withVlan(1), B_TO_A.withVlan(1), B_TO_A.withVlan(1)), Runs.received(r, "host-t"));

        BridgeSnapshot moved = Runs.snapshot(r, "br0", 6 * MS);
        assertEquals(List.of(new FdbEntry(4, 1, MAC_A, 3 * MS), new FdbEntry(2, 1, MAC_B, 2 * MS)), moved.fdb());
        BridgeSnapshot aged = Runs.snapshot(r, "br0", 300 * SECOND + 6 * MS);
        assertEquals(List.of(new FdbEntry(2, 1, MAC_B, MS)), aged.fdb());
    }

    @Test
    void aTaggedFrameOnAnAccessPortIsDroppedButCounted() {
        RunResult r = run();
        BridgeSnapshot s = Runs.snapshot(r, "br0", 6 * MS);
        assertEquals(5, s.flows().get(0).nPackets(), "the NORMAL flow saw every frame, the tagged one too");
        BridgeSnapshot.PortState a = s.port("a");
        assertEquals(2, a.rxPackets());
        assertEquals(42 + 46, a.rxBytes());
        assertEquals(2, a.txPackets());
        assertEquals(2, Runs.received(r, "host-b").size(), "b got the broadcast and the GARP, not the tagged frame");
    }
}

package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import io.kagami.net.wire.LinkState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a bridge drops: the dead VLAN, tagged frames on access ports, unknown tunnels, ports without
 * carrier, runaway resubmits.
 */
@ExtendWith(SharedKernel.class)
class DropTest {
    private static final long MS = VirtualTime.MILLISECOND;
    private static final MacAddress MAC_D = MacAddress.parse("fa:16:3e:00:00:0d");
    private static final MacAddress MAC_T = MacAddress.parse("fa:16:3e:00:00:0e");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("192.168.80.1");

    private final Kernel kernel;

    DropTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private static EthernetFrame broadcastFrom(MacAddress mac) {
        return EthernetFrame.of(MacAddress.BROADCAST, mac, ArpPacket.request(mac, Ipv4Address.parse("192.168.80.9"), GATEWAY));
    }

    /**
     * br-int with Neutron's flows: patch-tun (1) to a test host standing for br-tun, taps a and b (2, 3)
     * and d (4) in VLAN 1. At 1 ms the agent finds d unbound and parks it as {@code port_dead} does: tag
     * 4095 and a {@code drop_port} flow.
     */
    @Test
    void theDeadVlanGoesNowhere() {
        NeutronFlows neutron = NeutronFlows.forHost("compute-1");
        OvsBridgeConfig config = new OvsBridgeConfig("br-int", List.of(OvsPort.patch("patch-tun", 1, "patch-int"),
                OvsPort.system("tap-a", 2).withTag(1), OvsPort.system("tap-b", 3).withTag(1),
                OvsPort.system("tap-d", 4).withTag(1)), neutron.brIntDefaults());
        Model.Builder model = Model.builder();
        Fabric fabric = new Fabric(model);
        Fabric.Device brInt = fabric.device("br-int", "n", wires -> new OvsBridge(config, wires));
        Map<String, EntityRef<DeviceInput>> hosts = new HashMap<>();
        for (OvsPort port : config.ports()) {
            Fabric.Device host = fabric.device(port.name(), "n", TestHost::new);
            fabric.connect(brInt, brInt.addPort(port.name()), host, host.addPort("eth0"), 0);
            hosts.put(port.name(), host.ref());
        }
        model.inject(MS / 2, hosts.get("tap-d"), new TestHost.Send(broadcastFrom(MAC_D)))
                .inject(1 * MS, brInt.ref(), new OvsCommand.SetPortTag("tap-d", NeutronFlows.DEAD_VLAN))
                .inject(1 * MS, brInt.ref(), OvsCommand.AddFlows.of(neutron.dropPort(4)))
                .inject(2 * MS, hosts.get("tap-d"), new TestHost.Send(broadcastFrom(MAC_D)))
                .inject(3 * MS, hosts.get("patch-tun"), new TestHost.Send(broadcastFrom(MAC_T).withVlan(NeutronFlows.DEAD_VLAN)))
                .inject(4 * MS, hosts.get("patch-tun"), new TestHost.Send(broadcastFrom(MAC_T).withVlan(1)))
                .inject(5 * MS, hosts.get("tap-a"), new TestHost.Send(broadcastFrom(MAC_D).withVlan(1)))
                .inject(6 * MS, brInt.ref(), new OvsCommand.Snapshot());
        RunResult r = kernel.run(model.build(), RunOptions.defaults());

        // Only d's first broadcast, while bound, and the VLAN 1 broadcast from patch-tun get through.
        assertEquals(List.of(broadcastFrom(MAC_D), broadcastFrom(MAC_T)), Runs.received(r, "tap-a"));
        assertEquals(List.of(broadcastFrom(MAC_D), broadcastFrom(MAC_T)), Runs.received(r, "tap-b"));
        assertEquals(List.of(broadcastFrom(MAC_D).withVlan(1)), Runs.received(r, "patch-tun"));
        assertEquals(List.of(), Runs.received(r, "tap-d"), "NORMAL alone would have given it the VLAN 4095 frame");

        BridgeSnapshot s = Runs.snapshot(r, "br-int", 6 * MS);
        assertEquals(1, s.flows(0).get(0).nPackets(), "priority=65535,dl_vlan=4095 actions=drop");
        assertEquals(Match.ANY.dlVlan(NeutronFlows.DEAD_VLAN), s.flows(0).get(0).rule().match());
        assertEquals(1, s.flows(0).get(1).nPackets(), "priority=2,in_port=4 actions=drop");
        assertEquals(Match.ANY.inPort(4), s.flows(0).get(1).rule().match());
        assertEquals(List.of(new FdbEntry(1, 1, MAC_T, 2 * MS)), s.fdb(),
                "d's MAC went with its VLAN; a's tagged frame was dropped before learning");
    }

    @Test
    void aPacketFromAnUnknownTunnelEndpointIsDropped() {
        ComputeBrTun c = new ComputeBrTun();
        c.inject(MS, c.bridge, new TunnelIn(Ipv4Address.parse("10.0.0.99"), ComputeBrTun.VNI, broadcastFrom(MAC_D)))
                .snapshot(2 * MS);
        RunResult r = kernel.run(c.model.build(), RunOptions.defaults());

        assertEquals(List.of(), Runs.received(r, "br-int"));
        BridgeSnapshot s = Runs.snapshot(r, "br-tun", 2 * MS);
        assertEquals(0, s.flows().stream().mapToLong(Flow::nPackets).sum());
        assertEquals(0, s.ports().stream().mapToLong(BridgeSnapshot.PortState::rxPackets).sum());
    }

    @Test
    void aPortWithoutCarrierNeitherSendsNorReceives() {
        OvsBridgeConfig config = new OvsBridgeConfig("br0", List.of(OvsPort.system("a", 1), OvsPort.system("b", 2)),
                List.of(FlowRule.of(0, 0, Match.ANY, Action.NORMAL)));
        Model.Builder model = Model.builder();
        Fabric fabric = new Fabric(model);
        Fabric.Device bridge = fabric.device("br0", "n", wires -> new OvsBridge(config, wires));
        Fabric.Device a = fabric.device("a", "n", TestHost::new);
        Fabric.Device b = fabric.device("b", "n", TestHost::new);
        fabric.connect(bridge, bridge.addPort("a"), a, a.addPort("eth0"), 0);
        int portB = bridge.addPort("b");
        fabric.connect(bridge, portB, b, b.addPort("eth0"), 0);
        model.inject(1 * MS, bridge.ref(), new LinkState(portB, false))
                .inject(2 * MS, a.ref(), new TestHost.Send(broadcastFrom(MAC_D)))
                .inject(2 * MS, b.ref(), new TestHost.Send(broadcastFrom(MAC_T)))
                .inject(3 * MS, bridge.ref(), new OvsCommand.Snapshot())
                .inject(4 * MS, bridge.ref(), new LinkState(portB, true))
                .inject(5 * MS, a.ref(), new TestHost.Send(broadcastFrom(MAC_D)));
        RunResult r = kernel.run(model.build(), RunOptions.defaults());

        assertEquals(List.of(broadcastFrom(MAC_D)), Runs.received(r, "b"), "only the frame sent after the repair");
        assertEquals(List.of(), Runs.received(r, "a"));
        BridgeSnapshot.PortState down = Runs.snapshot(r, "br0", 3 * MS).port("b");
        assertFalse(down.linkUp());
        assertEquals(0, down.rxPackets());
        assertEquals(0, down.txPackets());
    }

    @Test
    void aResubmitLoopDropsThePacketAsATranslationError() {
        OvsBridgeConfig config = new OvsBridgeConfig("br0", List.of(OvsPort.system("in", 1), OvsPort.system("out", 2)),
                List.of(FlowRule.of(0, 0, Match.ANY, Action.output(2), Action.resubmit(0))));
        Model.Builder model = Model.builder();
        Fabric fabric = new Fabric(model);
        Fabric.Device bridge = fabric.device("br0", "n", wires -> new OvsBridge(config, wires));
        Fabric.Device in = fabric.device("in", "n", TestHost::new);
        Fabric.Device out = fabric.device("out", "n", TestHost::new);
        fabric.connect(bridge, bridge.addPort("in"), in, in.addPort("eth0"), 0);
        fabric.connect(bridge, bridge.addPort("out"), out, out.addPort("eth0"), 0);
        model.inject(MS, in.ref(), new TestHost.Send(broadcastFrom(MAC_D)));
        RunResult r = kernel.run(model.build(), RunOptions.defaults());

        assertEquals(List.of(), Runs.received(r, "out"));
    }
}

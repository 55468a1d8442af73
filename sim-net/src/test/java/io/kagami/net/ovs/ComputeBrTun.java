package io.kagami.net.ovs;

import io.kagami.core.EntityRef;
import io.kagami.core.Model;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compute node's br-tun alone, for tests that drive it with {@link TunnelIn}: patch-int (ofport 1)
 * wired to a {@link TestHost} named {@code br-int} in br-int's place, tunnels to network nodes 7 and 8
 * (ofports 2 and 3), one network (VNI 0xcb on local VLAN 3), and a {@link FakeUnderlay} NIC named
 * {@code nic} that only records. The bridge entity is named {@code br-tun}.
 */
final class ComputeBrTun {
    static final String HOST = "compute-1";
    static final Ipv4Address LOCAL = Ipv4Address.parse("10.0.0.11");
    static final Ipv4Address NODE_7 = Ipv4Address.parse("10.0.0.7");
    static final Ipv4Address NODE_8 = Ipv4Address.parse("10.0.0.8");
    static final int VNI = 0xcb;
    static final int LVID = 3;

    final Model.Builder model = Model.builder();
    final NeutronFlows flows = NeutronFlows.forHost(HOST);
    final OvsBridgeConfig config;
    final EntityRef<DeviceInput> bridge;
    final EntityRef<DeviceInput> brInt;

    ComputeBrTun() {
        List<OvsPort> ports = List.of(OvsPort.patch("patch-int", 1, "patch-tun"), OvsPort.vxlan(2, LOCAL, NODE_7),
                OvsPort.vxlan(3, LOCAL, NODE_8));
        List<FlowRule> rules = new ArrayList<>(flows.brTunDefaults(1, false));
        rules.add(flows.brTunTunnelPort(2));
        rules.add(flows.brTunTunnelPort(3));
        rules.add(flows.brTunProvisionNetwork(VNI, LVID));
        rules.add(flows.brTunFloodToTunnels(LVID, VNI, List.of(2, 3)));
        config = new OvsBridgeConfig("br-tun", ports, rules);

        Fabric fabric = new Fabric(model);
        EntityRef<DeviceInput> nic = model.add("nic", HOST, () -> new FakeUnderlay(Map.of(), 1));
        Fabric.Device brTun = fabric.device("br-tun", HOST, wires -> new OvsBridge(config, wires, nic));
        Fabric.Device stub = fabric.device("br-int", HOST, TestHost::new);
        fabric.connect(brTun, brTun.addPort("patch-int"), stub, stub.addPort("patch-tun"), 0);
        bridge = brTun.ref();
        brInt = stub.ref();
    }

    ComputeBrTun inject(long at, EntityRef<DeviceInput> to, DeviceInput message) {
        model.inject(at, to, message);
        return this;
    }

    ComputeBrTun snapshot(long at) {
        return inject(at, bridge, new OvsCommand.Snapshot());
    }
}

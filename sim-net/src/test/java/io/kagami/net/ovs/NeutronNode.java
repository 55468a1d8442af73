package io.kagami.net.ovs;

import io.kagami.core.EntityRef;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node as neutron-openvswitch-agent wires it, declared in a test model (group = node name): br-int
 * with patch-tun and one tap per VM ({@link TestHost}s) on the network's local VLAN, br-tun with
 * patch-int and a VXLAN port per peer, the agent's flows for one network, and a {@link FakeUnderlay} as
 * NIC. Entities are named {@code <node>/br-int}, {@code <node>/br-tun}, {@code <node>/nic},
 * {@code <node>/<vm>}.
 */
final class NeutronNode {
    final String name;
    final NeutronFlows flows;
    final OvsBridgeConfig brIntConfig;
    final OvsBridgeConfig brTunConfig;
    final Fabric.Device brInt;
    final Fabric.Device brTun;
    final Map<String, EntityRef<DeviceInput>> vms = new LinkedHashMap<>();

    /**
     * @param endpoints where the NICs deliver: this node's br-tun is added under {@code ip}
     */
    NeutronNode(Fabric fabric, String name, Ipv4Address ip, List<Ipv4Address> peers, int vni, int lvid,
            List<String> vmNames, Map<Ipv4Address, EntityRef<DeviceInput>> endpoints, long latency) {
        this.name = name;
        this.flows = NeutronFlows.forHost(name);

        List<OvsPort> intPorts = new ArrayList<>(List.of(OvsPort.patch("patch-tun", 1, "patch-int")));
        for (String vm : vmNames) {
            intPorts.add(OvsPort.system("tap-" + vm, intPorts.size() + 1).withTag(lvid));
        }
        brIntConfig = new OvsBridgeConfig("br-int", intPorts, flows.brIntDefaults());

        List<OvsPort> tunPorts = new ArrayList<>(List.of(OvsPort.patch("patch-int", 1, "patch-tun")));
        List<FlowRule> tunFlows = new ArrayList<>(flows.brTunDefaults(1, false));
        List<Integer> tunnels = new ArrayList<>();
        for (Ipv4Address peer : peers) {
            OvsPort vxlan = OvsPort.vxlan(tunPorts.size() + 1, ip, peer);
            tunPorts.add(vxlan);
            tunnels.add(vxlan.ofport());
            tunFlows.add(flows.brTunTunnelPort(vxlan.ofport()));
        }
        tunFlows.add(flows.brTunProvisionNetwork(vni, lvid));
        tunFlows.add(flows.brTunFloodToTunnels(lvid, vni, tunnels));
        brTunConfig = new OvsBridgeConfig("br-tun", tunPorts, tunFlows);

        EntityRef<DeviceInput> nic = fabric.model().add(name + "/nic", name, () -> new FakeUnderlay(endpoints, latency));
        brInt = fabric.device(name + "/br-int", name, wires -> new OvsBridge(brIntConfig, wires));
        brTun = fabric.device(name + "/br-tun", name, wires -> new OvsBridge(brTunConfig, wires, nic));
        fabric.connect(brInt, brInt.addPort("patch-tun"), brTun, brTun.addPort("patch-int"), 0);
        for (String vm : vmNames) {
            Fabric.Device host = fabric.device(name + "/" + vm, name, TestHost::new);
            fabric.connect(brInt, brInt.addPort("tap-" + vm), host, host.addPort("eth0"), 0);
            vms.put(vm, host.ref());
        }
        endpoints.put(ip, brTun.ref());
    }
}

package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.EntityRef;
import io.kagami.core.Kernel;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.wire.DeviceInput;
import io.kagami.net.wire.Fabric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ovs-vsctl show} on a network node with its router's ports on br-int. */
@ExtendWith(SharedKernel.class)
class VsctlShowTest {
    private static final long AT = VirtualTime.SECOND;
    private static final List<OvsBridgeConfig> NETWORK_7 = List.of(
            new OvsBridgeConfig("br-int", List.of(
                    OvsPort.patch("int-br-ex", 1, "phy-br-ex"),
                    OvsPort.patch("patch-tun", 2, "patch-int"),
                    OvsPort.internal("qr-1234abcd-56", 3).withTag(1),
                    OvsPort.internal("qg-5f6a7b8c-9d", 4).withTag(2),
                    OvsPort.internal("ha-0a1b2c3d-4e", 5).withTag(3)), List.of()),
            new OvsBridgeConfig("br-tun", List.of(
                    OvsPort.patch("patch-int", 1, "patch-tun"),
                    OvsPort.vxlan(2, Ipv4Address.parse("10.0.0.7"), Ipv4Address.parse("10.0.0.8"))), List.of()),
            new OvsBridgeConfig("br-ex", List.of(
                    OvsPort.patch("phy-br-ex", 1, "int-br-ex"),
                    OvsPort.system("eth1", 2)), List.of()));

    private final Kernel kernel;

    VsctlShowTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void showsTheNodesBridgesAsOvsVsctlDoes() {
        Model.Builder model = Model.builder();
        Fabric fabric = new Fabric(model);
        EntityRef<DeviceInput> nic = model.add("nic", "network-7", () -> new FakeUnderlay(Map.of(), 1));
        for (OvsBridgeConfig config : NETWORK_7) {
            Fabric.Device bridge = fabric.device(config.name(), "network-7", wires -> new OvsBridge(config, wires, nic));
            config.ports().stream().filter(p -> !(p.iface() instanceof OvsPort.Vxlan)).forEach(p -> bridge.addPort(p.name()));
            model.inject(AT, bridge.ref(), new OvsCommand.Snapshot());
        }
        RunResult r = kernel.run(model.build(), RunOptions.defaults());
        List<BridgeSnapshot> snapshots = NETWORK_7.stream().map(c -> Runs.snapshot(r, c.name(), AT)).toList();

        String show = VsctlShow.format("network-7", snapshots);
        String uuid = show.substring(0, show.indexOf('\n'));
        assertTrue(uuid.matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"), uuid);
        assertNotEquals(uuid, VsctlShow.format("network-8", snapshots).lines().findFirst().orElseThrow());
        assertEquals("""
                    Manager "ptcp:6640:127.0.0.1"
                        is_connected: true
                    Bridge br-ex
                        Controller "tcp:127.0.0.1:6633"
                            is_connected: true
                        fail_mode: secure
                        datapath_type: system
                        Port br-ex
                            Interface br-ex
                                type: internal
                        Port eth1
                            Interface eth1
                        Port phy-br-ex
                            Interface phy-br-ex
                                type: patch
                                options: {peer=int-br-ex}
                    Bridge br-int
                        Controller "tcp:127.0.0.1:6633"
                            is_connected: true
                        fail_mode: secure
                        datapath_type: system
                        Port br-int
                            Interface br-int
                                type: internal
                        Port ha-0a1b2c3d-4e
                            tag: 3
                            Interface ha-0a1b2c3d-4e
                                type: internal
                        Port int-br-ex
                            Interface int-br-ex
                                type: patch
                                options: {peer=phy-br-ex}
                        Port patch-tun
                            Interface patch-tun
                                type: patch
                                options: {peer=patch-int}
                        Port qg-5f6a7b8c-9d
                            tag: 2
                            Interface qg-5f6a7b8c-9d
                                type: internal
                        Port qr-1234abcd-56
                            tag: 1
                            Interface qr-1234abcd-56
                                type: internal
                    Bridge br-tun
                        Controller "tcp:127.0.0.1:6633"
                            is_connected: true
                        fail_mode: secure
                        datapath_type: system
                        Port br-tun
                            Interface br-tun
                                type: internal
                        Port patch-int
                            Interface patch-int
                                type: patch
                                options: {peer=patch-tun}
                        Port vxlan-0a000008
                            Interface vxlan-0a000008
                                type: vxlan
                                options: {df_default="true", egress_pkt_mark="0", in_key=flow, local_ip="10.0.0.7", out_key=flow, remote_ip="10.0.0.8"}
                    ovs_version: "2.17.9"
                """, show.substring(uuid.length() + 1));
    }
}

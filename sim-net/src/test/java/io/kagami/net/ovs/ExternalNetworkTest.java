package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.kagami.net.wire.Fabric;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The flat external network of a network node: the upstream router's ARP for a floating IP comes in on
 * br-ex's NIC, crosses phy-br-ex/int-br-ex untagged, gets br-int's local VLAN 2 and reaches qg-; the
 * reply leaves br-int tagged and br-ex strips the tag.
 */
@ExtendWith(SharedKernel.class)
class ExternalNetworkTest {
    private static final long MS = VirtualTime.MILLISECOND;
    private static final int LVID = 2;
    private static final MacAddress UPSTREAM = MacAddress.parse("00:1b:21:aa:bb:01");
    private static final MacAddress QG = MacAddress.parse("fa:16:3e:5f:6a:7b");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.80.1");
    private static final Ipv4Address FLOATING_IP = Ipv4Address.parse("10.0.80.23");
    private static final EthernetFrame WHO_HAS_FIP = EthernetFrame.of(MacAddress.BROADCAST, UPSTREAM,
            ArpPacket.request(UPSTREAM, GATEWAY, FLOATING_IP));
    private static final EthernetFrame FIP_IS_AT = EthernetFrame.of(UPSTREAM, QG,
            ArpPacket.reply(QG, FLOATING_IP, UPSTREAM, GATEWAY));

    private final Kernel kernel;

    ExternalNetworkTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @Test
    void framesCrossBrExUntaggedAndBrIntOnTheLocalVlan() {
        NeutronFlows neutron = NeutronFlows.forHost("network-7");
        List<FlowRule> intFlows = new ArrayList<>(neutron.brIntDefaults());
        intFlows.add(neutron.dropPort(1));
        intFlows.add(neutron.brIntProvisionFlat(1, LVID));
        OvsBridgeConfig brIntConfig = new OvsBridgeConfig("br-int", List.of(OvsPort.patch("int-br-ex", 1, "phy-br-ex"),
                OvsPort.internal("qg-5f6a7b8c-9d", 2).withTag(LVID)), intFlows);
        List<FlowRule> exFlows = new ArrayList<>(neutron.brExDefaults(1));
        exFlows.add(neutron.brExProvisionFlat(1, LVID));
        OvsBridgeConfig brExConfig = new OvsBridgeConfig("br-ex", List.of(OvsPort.patch("phy-br-ex", 1, "int-br-ex"),
                OvsPort.system("eth1", 2)), exFlows);

        Model.Builder model = Model.builder();
        Fabric fabric = new Fabric(model);
        Fabric.Device brInt = fabric.device("br-int", "network-7", wires -> new OvsBridge(brIntConfig, wires));
        Fabric.Device brEx = fabric.device("br-ex", "network-7", wires -> new OvsBridge(brExConfig, wires));
        Fabric.Device qg = fabric.device("qg", "network-7", TestHost::new);
        Fabric.Device upstream = fabric.device("upstream", "upstream", TestHost::new);
        fabric.connect(brInt, brInt.addPort("int-br-ex"), brEx, brEx.addPort("phy-br-ex"), 0);
        fabric.connect(brInt, brInt.addPort("qg-5f6a7b8c-9d"), qg, qg.addPort("eth0"), 0);
        fabric.connect(brEx, brEx.addPort("eth1"), upstream, upstream.addPort("eth0"), 100 * VirtualTime.MICROSECOND);
        model.inject(1 * MS, upstream.ref(), new TestHost.Send(WHO_HAS_FIP))
                .inject(2 * MS, qg.ref(), new TestHost.Send(FIP_IS_AT))
                .inject(3 * MS, brInt.ref(), new OvsCommand.Snapshot())
                .inject(3 * MS, brEx.ref(), new OvsCommand.Snapshot());
        RunResult r = kernel.run(model.build(), RunOptions.defaults().withPartitions(2));

        assertEquals(List.of(WHO_HAS_FIP), Runs.received(r, "qg"));
        assertEquals(List.of(FIP_IS_AT), Runs.received(r, "upstream"));

        BridgeSnapshot int7 = Runs.snapshot(r, "br-int", 3 * MS);
        assertEquals(1, int7.flows(0).stream().filter(f -> f.rule().priority() == 3).findFirst().orElseThrow().nPackets());
        assertEquals(0, int7.flows(0).stream().filter(f -> f.rule().priority() == 2).findFirst().orElseThrow().nPackets(),
                "the provisioned flow outranks drop_port");
        assertEquals(List.of(new FdbEntry(1, LVID, UPSTREAM, 2 * MS - 100 * VirtualTime.MICROSECOND),
                new FdbEntry(2, LVID, QG, MS)), int7.fdb());
        BridgeSnapshot ex7 = Runs.snapshot(r, "br-ex", 3 * MS);
        assertEquals(1, ex7.flows(0).get(0).nPackets(), "priority=4,in_port=1,dl_vlan=2 actions=strip_vlan,NORMAL");
        assertEquals(List.of(new FdbEntry(2, 0, UPSTREAM, 2 * MS - 100 * VirtualTime.MICROSECOND),
                new FdbEntry(1, 0, QG, MS)), ex7.fdb());
        assertEquals(46, int7.port("int-br-ex").txBytes(), "tagged on the patch between the bridges");
    }
}

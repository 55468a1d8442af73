package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A compute's br-tun learning a router's MAC (DOMAIN.md section 4): the learned flow lives 300 s after
 * its last refresh, and after a failover the router's GARP from the other network node moves it to
 * that node's tunnel at once.
 */
@ExtendWith(SharedKernel.class)
class TunnelFailoverTest {
    private static final long SECOND = VirtualTime.SECOND;
    private static final MacAddress ROUTER = MacAddress.parse("fa:16:3e:12:34:56");
    private static final MacAddress VM = MacAddress.parse("fa:16:3e:00:00:99");
    private static final Ipv4Address GATEWAY = Ipv4Address.parse("192.168.80.1");
    private static final EthernetFrame GARP = EthernetFrame.of(MacAddress.BROADCAST, ROUTER, ArpPacket.gratuitous(ROUTER, GATEWAY));
    private static final EthernetFrame TO_ROUTER = EthernetFrame.of(ROUTER, VM,
            ArpPacket.request(VM, Ipv4Address.parse("192.168.80.5"), GATEWAY));

    private final Kernel kernel;

    TunnelFailoverTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private static TunnelIn garpFrom(Ipv4Address node) {
        return new TunnelIn(node, ComputeBrTun.VNI, GARP);
    }

    private static Optional<Flow> learned(RunResult r, long at) {
        return Runs.snapshot(r, "br-tun", at).flows(NeutronFlows.UCAST_TO_TUN).stream()
                .filter(f -> f.rule().priority() == 1).findFirst();
    }

    private static int outputPort(Flow learned) {
        return ((Action.Output) learned.rule().actions().get(2)).port();
    }

    @Test
    void aLearnedFlowExpires300SecondsAfterItsLastRefresh() {
        ComputeBrTun c = new ComputeBrTun();
        c.inject(1 * SECOND, c.bridge, garpFrom(ComputeBrTun.NODE_7)).snapshot(2 * SECOND)
                .inject(100 * SECOND, c.bridge, garpFrom(ComputeBrTun.NODE_7))
                .snapshot(seconds(399.9)).snapshot(seconds(400.1));
        RunResult r = kernel.run(c.model.build(), RunOptions.defaults());

        assertEquals(2, outputPort(learned(r, 2 * SECOND).orElseThrow()));
        Flow refreshed = learned(r, seconds(399.9)).orElseThrow();
        assertEquals(seconds(398.9), refreshed.duration(), "a refresh keeps the installation time");
        assertEquals(Optional.empty(), learned(r, seconds(400.1)));
        assertEquals(List.of(GARP.withVlan(ComputeBrTun.LVID), GARP.withVlan(ComputeBrTun.LVID)), Runs.received(r, "br-int"),
                "table 10 outputs to patch-int with the local VLAN");
    }

    @Test
    void theSameMacFromAnotherTunnelIsRelearnedAtOnce() {
        ComputeBrTun c = new ComputeBrTun();
        c.inject(500 * SECOND, c.bridge, garpFrom(ComputeBrTun.NODE_7))
                .inject(510 * SECOND, c.bridge, garpFrom(ComputeBrTun.NODE_8)).snapshot(510 * SECOND)
                .inject(600 * SECOND, c.brInt, new TestHost.Send(TO_ROUTER.withVlan(ComputeBrTun.LVID)))
                .snapshot(seconds(809.9)).snapshot(seconds(810.1));
        RunResult r = kernel.run(c.model.build(), RunOptions.defaults());

        Flow moved = learned(r, 510 * SECOND).orElseThrow();
        assertEquals(3, outputPort(moved), "now out of vxlan-0a000008");
        assertEquals(10 * SECOND, moved.duration(), "learn modifies the flow, it does not add a new one");
        assertTrue(learned(r, seconds(809.9)).isPresent(), "the hard timeout counts from the move");
        assertEquals(Optional.empty(), learned(r, seconds(810.1)));

        List<Ipv4Packet> out = Runs.carried(r, "nic");
        assertEquals(1, out.size(), "the unicast hit the learned flow instead of flooding both tunnels");
        assertEquals(ComputeBrTun.NODE_8, out.get(0).dst());
        VxlanPacket vxlan = (VxlanPacket) ((UdpDatagram) out.get(0).payload()).payload();
        assertEquals(ComputeBrTun.VNI, vxlan.vni());
        assertEquals(TO_ROUTER, vxlan.inner(), "load:0->NXM_OF_VLAN_TCI[] removed the local VLAN");
    }

    private static long seconds(double s) {
        return VirtualTime.seconds(s);
    }
}

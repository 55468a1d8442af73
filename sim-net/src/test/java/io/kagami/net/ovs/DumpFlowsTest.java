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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ovs-ofctl dump-flows br-tun} on a compute node that learned a router's MAC. */
@ExtendWith(SharedKernel.class)
class DumpFlowsTest {
    private static final MacAddress ROUTER = MacAddress.parse("fa:16:3e:12:34:56");
    private static final EthernetFrame GARP = EthernetFrame.of(MacAddress.BROADCAST, ROUTER,
            ArpPacket.gratuitous(ROUTER, Ipv4Address.parse("192.168.80.1")));
    private static final long AT = VirtualTime.seconds(12.3456789);

    private final Kernel kernel;

    DumpFlowsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    private RunResult run(ComputeBrTun c) {
        c.inject(VirtualTime.SECOND, c.bridge, new TunnelIn(ComputeBrTun.NODE_7, ComputeBrTun.VNI, GARP))
                .snapshot(AT).snapshot(13 * VirtualTime.SECOND);
        return kernel.run(c.model.build(), RunOptions.defaults());
    }

    @Test
    void printsEveryFlowAsOvsOfctlDoes() {
        ComputeBrTun c = new ComputeBrTun();
        String dump = DumpFlows.format(Runs.snapshot(run(c), "br-tun", AT));
        String cookie = "cookie=0x" + Long.toHexString(c.flows.cookie());
        String expected = """
                 COOKIE, duration=12.345s, table=0, n_packets=0, n_bytes=0, priority=1,in_port="patch-int" actions=resubmit(,2)
                 COOKIE, duration=12.345s, table=0, n_packets=1, n_bytes=42, priority=1,in_port="vxlan-0a000007" actions=resubmit(,4)
                 COOKIE, duration=12.345s, table=0, n_packets=0, n_bytes=0, priority=1,in_port="vxlan-0a000008" actions=resubmit(,4)
                 COOKIE, duration=12.345s, table=0, n_packets=0, n_bytes=0, priority=0 actions=drop
                 COOKIE, duration=12.345s, table=2, n_packets=0, n_bytes=0, priority=0,dl_dst=00:00:00:00:00:00/01:00:00:00:00:00 actions=resubmit(,20)
                 COOKIE, duration=12.345s, table=2, n_packets=0, n_bytes=0, priority=0,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=resubmit(,22)
                 COOKIE, duration=12.345s, table=4, n_packets=1, n_bytes=42, priority=1,tun_id=0xcb actions=mod_vlan_vid:3,resubmit(,10)
                 COOKIE, duration=12.345s, table=4, n_packets=0, n_bytes=0, priority=0 actions=drop
                 COOKIE, duration=12.345s, table=10, n_packets=1, n_bytes=42, priority=1 actions=learn(table=20,hard_timeout=300,priority=1,COOKIE,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[]),output:"patch-int"
                 COOKIE, duration=11.345s, table=20, n_packets=0, n_bytes=0, hard_timeout=300, priority=1,vlan_tci=0x0003/0x0fff,dl_dst=fa:16:3e:12:34:56 actions=load:0->NXM_OF_VLAN_TCI[],load:0xcb->NXM_NX_TUN_ID[],output:"vxlan-0a000007"
                 COOKIE, duration=12.345s, table=20, n_packets=0, n_bytes=0, priority=0 actions=resubmit(,22)
                 COOKIE, duration=12.345s, table=22, n_packets=0, n_bytes=0, priority=1,dl_vlan=3 actions=strip_vlan,set_tunnel:0xcb,output:"vxlan-0a000007",output:"vxlan-0a000008"
                 COOKIE, duration=12.345s, table=22, n_packets=0, n_bytes=0, priority=0 actions=drop
                """.replace("COOKIE", cookie);
        assertEquals(expected, dump);
    }

    @Test
    void aWholeSecondHasNoDecimalsAndToStringUsesPortNumbers() {
        ComputeBrTun c = new ComputeBrTun();
        BridgeSnapshot s = Runs.snapshot(run(c), "br-tun", 13 * VirtualTime.SECOND);
        assertEquals("cookie=0x" + Long.toHexString(c.flows.cookie())
                + ", duration=13s, table=0, n_packets=1, n_bytes=42, priority=1,in_port=2 actions=resubmit(,4)",
                s.flows(0).get(1).toString());
    }

    @Test
    void aRuleWithoutStatisticsPrintsAsDumpFlowsNoStats() {
        assertEquals("priority=0 actions=NORMAL", FlowRule.of(0, 0, Match.ANY, Action.NORMAL).toString());
        assertEquals("table=24, actions=drop", FlowRule.of(24, FlowRule.DEFAULT_PRIORITY, Match.ANY).toString());
        assertEquals("cookie=0x1, priority=3,in_port=2,vlan_tci=0x0000 actions=mod_vlan_vid:7,resubmit(,60)",
                new NeutronFlows(1).brIntProvisionFlat(2, 7).toString());
        assertEquals("table=2, priority=1,arp,dl_dst=ff:ff:ff:ff:ff:ff actions=resubmit(,21)",
                new NeutronFlows(0).brTunDefaults(1, true).get(2).toString());
        assertEquals("priority=4,in_port=1,dl_vlan=7 actions=strip_vlan,NORMAL", new NeutronFlows(0).brExProvisionFlat(1, 7).toString());
        assertEquals("table=21, priority=1,arp,dl_vlan=3,arp_tpa=192.168.80.1 actions=drop",
                FlowRule.of(21, 1, Match.ANY.arp().dlVlan(3).arpTpa(Ipv4Address.parse("192.168.80.1"))).toString());
    }
}

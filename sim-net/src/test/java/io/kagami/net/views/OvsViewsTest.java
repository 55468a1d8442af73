package io.kagami.net.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.apps.PingProbe;
import io.kagami.net.apps.PingReply;
import io.kagami.net.ovs.VsctlShow;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.CloudSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ovs-vsctl show} on a network node and {@code ovs-ofctl dump-flows br-tun} on a compute node
 * of the seed, with a ping from the client to vm80's floating IP from 10 s: before the election (5 s)
 * br-tun has learned nothing; at 20 s table 20 holds the router's MAC, learned towards the master.
 */
@ExtendWith(SharedKernel.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OvsViewsTest {
    private static final long S = VirtualTime.SECOND;
    private final Kernel kernel;
    private Cloud cloud;
    private RunResult run;
    private OperatorViews at5s;
    private OperatorViews at20s;

    OvsViewsTest(Kernel kernel) {
        this.kernel = kernel;
    }

    @BeforeAll
    void runTheSeedWithAPing() {
        cloud = Cloud.build(CloudSpec.seed());
        Ipv4Address floatingIp = cloud.spec().segments().get(0).vms().get(0).floatingIp();
        PingProbe.Settings settings = PingProbe.Settings.defaults().withStartAt(10 * S);
        cloud.addApp(cloud.client(), "ping", ns -> new PingProbe(ns, Cloud.CLIENT, floatingIp, settings),
                PingProbe::socket);
        ViewHandle early = Views.at(cloud, 5 * S);
        ViewHandle late = ViewRequest.at(20 * S).onNodes("network-7", "network-8", "compute-3").inject(cloud);
        run = kernel.run(cloud.model(), RunOptions.defaults().withUntil(25 * S));
        at5s = early.in(run);
        at20s = late.in(run);
    }

    @Test
    void vsctlShowListsTheNetworkNodesBridgesWithTheirPorts() {
        String show = at20s.ovsVsctlShow("network-7");
        List<String> lines = show.lines().toList();
        assertTrue(lines.get(0).matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"), lines.get(0));
        assertEquals(List.of("    Manager \"ptcp:6640:127.0.0.1\"", "        is_connected: true"), lines.subList(1, 3));
        assertEquals("    ovs_version: \"" + VsctlShow.OVS_VERSION + "\"", lines.get(lines.size() - 1));
        assertEquals(List.of("br-ex", "br-ex2", "br-ex3", "br-int", "br-tun"), lines.stream()
                .filter(l -> l.startsWith("    Bridge ")).map(l -> l.substring(11)).toList());
        for (String bridge : List.of("br-ex", "br-int", "br-tun")) {
            List<String> b = block(lines, "    Bridge " + bridge);
            assertEquals(List.of("        Controller \"tcp:127.0.0.1:6633\"", "            is_connected: true",
                    "        fail_mode: secure", "        datapath_type: system"), b.subList(1, 5), bridge);
            assertEquals(List.of("        Port " + bridge, "            Interface " + bridge,
                    "                type: internal"), block(b, "        Port " + bridge), bridge + "'s LOCAL port");
        }
        List<String> brTun = block(lines, "    Bridge br-tun");
        assertEquals(List.of(
                "        Port vxlan-0a000003",
                "            Interface vxlan-0a000003",
                "                type: vxlan",
                "                options: {df_default=\"true\", egress_pkt_mark=\"0\", in_key=flow,"
                        + " local_ip=\"10.0.0.7\", out_key=flow, remote_ip=\"10.0.0.3\"}"),
                block(brTun, "        Port vxlan-0a000003"));
        assertEquals(List.of("vxlan-0a000003", "vxlan-0a000004", "vxlan-0a000005", "vxlan-0a000006", "vxlan-0a000008"),
                brTun.stream().filter(l -> l.startsWith("        Port vxlan-")).map(l -> l.substring(13)).toList(),
                "a tunnel to every other node running the OVS agent");
        assertEquals(List.of("        Port patch-int", "            Interface patch-int", "                type: patch",
                "                options: {peer=patch-tun}"), block(brTun, "        Port patch-int"));
        List<String> brInt = block(lines, "    Bridge br-int");
        assertEquals(List.of("        Port patch-tun", "            Interface patch-tun", "                type: patch",
                "                options: {peer=patch-int}"), block(brInt, "        Port patch-tun"));
        assertEquals(List.of("        Port int-br-ex", "            Interface int-br-ex", "                type: patch",
                "                options: {peer=phy-br-ex}"), block(brInt, "        Port int-br-ex"));
        Cloud.RouterInstance r80 = at20s.inventory().routerOn("network-7", "router80");
        for (String port : List.of(r80.ha(), r80.qr(), r80.qg())) {
            List<String> p = block(brInt, "        Port " + port);
            assertEquals(4, p.size(), p.toString());
            assertTrue(p.get(1).matches("            tag: \\d+"), p.toString());
            assertEquals(List.of("            Interface " + port, "                type: internal"), p.subList(2, 4));
        }
        assertEquals(List.of("        Port phy-br-ex", "            Interface phy-br-ex", "                type: patch",
                "                options: {peer=int-br-ex}"), block(block(lines, "    Bridge br-ex"), "        Port phy-br-ex"));
    }

    @Test
    void dumpFlowsOfAComputesBrTunShowsTheVniToLocalVlanAndTheLearnedRouterMac() {
        Pattern table4 = Pattern.compile(" cookie=0x[0-9a-f]+, duration=20s, table=4, n_packets=\\d+, n_bytes=\\d+,"
                + " priority=1,tun_id=0x1 actions=mod_vlan_vid:(\\d+),resubmit\\(,10\\)");
        List<String> flows = at20s.dumpFlows("compute-3", "br-tun").lines().toList();
        List<String> vniFlows = flows.stream().filter(l -> l.contains(", table=4, ") && l.contains("tun_id=")).toList();
        assertEquals(1, vniFlows.size(), "compute-3 hosts vm80 only: " + vniFlows);
        Matcher m = table4.matcher(vniFlows.get(0));
        assertTrue(m.matches(), vniFlows.get(0));
        int lvid = Integer.parseInt(m.group(1));
        assertTrue(flows.stream().anyMatch(l -> l.matches(" cookie=0x[0-9a-f]+, duration=20s, table=4, n_packets=\\d+,"
                + " n_bytes=\\d+, priority=0 actions=drop")), "unknown VNIs are dropped");

        List<String> before = at5s.dumpFlows("compute-3", "br-tun").lines().filter(l -> l.contains(", table=20, ")).toList();
        assertEquals(1, before.size(), before.toString());
        assertTrue(before.get(0).matches(" cookie=0x[0-9a-f]+, duration=5s, table=20, n_packets=0, n_bytes=0,"
                + " priority=0 actions=resubmit\\(,22\\)"), before.get(0));

        Cloud.RouterInstance master = at20s.inventory().routerOn("network-8", "router80");
        String routerMac = at20s.namespaceSnapshot("network-8", master.namespace()).links().stream()
                .filter(l -> l.name().equals(master.qr())).findFirst().orElseThrow().mac().toString();
        Pattern learned = Pattern.compile(" cookie=0x[0-9a-f]+, duration=[0-9.]+s, table=20, n_packets=(\\d+),"
                + " n_bytes=\\d+, hard_timeout=300, priority=1,vlan_tci=" + String.format("0x%04x", lvid)
                + "/0x0fff,dl_dst=" + routerMac + " actions=load:0->NXM_OF_VLAN_TCI\\[\\],load:0x1->NXM_NX_TUN_ID\\[\\],"
                + "output:\"vxlan-0a000008\"");
        List<String> after = at20s.dumpFlows("compute-3", "br-tun").lines().filter(l -> l.contains(", table=20, ")).toList();
        assertEquals(2, after.size(), after.toString());
        Matcher lm = learned.matcher(after.get(0));
        assertTrue(lm.matches(), "the router's MAC, learned towards the master network-8 (10.0.0.8): " + after.get(0));
        long replies = run.observations().stream()
                .filter(o -> o.value() instanceof PingReply && o.time() < 20 * S).count();
        assertTrue(replies >= 9, "pings answered before 20 s: " + replies);
        assertTrue(Long.parseLong(lm.group(1)) >= replies, "every reply went to the router through the learned flow: "
                + after.get(0));
        assertTrue(after.get(1).matches(" cookie=0x[0-9a-f]+, duration=20s, table=20, n_packets=0, n_bytes=0,"
                + " priority=0 actions=resubmit\\(,22\\)"), after.get(1));
    }

    @Test
    void theBridgeSnapshotBehindTheTextIsAvailable() {
        assertEquals("br-tun", at20s.bridgeSnapshot("compute-3", "br-tun").bridge());
        assertEquals(20 * S, at20s.bridgeSnapshot("compute-3", "br-tun").time());
        assertEquals(5 * S, at5s.bridgeSnapshot("compute-4", "br-int").time());
    }

    /** The line starting with {@code head} and the lines under it (more indented). */
    private static List<String> block(List<String> lines, String head) {
        int start = lines.indexOf(head);
        assertTrue(start >= 0, "no line '" + head + "' in " + lines);
        int indent = head.length() - head.stripLeading().length();
        List<String> out = new ArrayList<>(List.of(head));
        for (String l : lines.subList(start + 1, lines.size())) {
            if (l.length() - l.stripLeading().length() <= indent) {
                break;
            }
            out.add(l);
        }
        return out;
    }
}

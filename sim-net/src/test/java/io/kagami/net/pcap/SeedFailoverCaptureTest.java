package io.kagami.net.pcap;

import static io.kagami.net.testing.Tshark.GOOD;
import static io.kagami.net.testing.Tshark.NOT_PRESENT;
import static io.kagami.net.testing.Tshark.PI_WARN;
import static io.kagami.net.testing.Tshark.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.apps.SshClient;
import io.kagami.net.keepalived.VrrpConfig;
import io.kagami.net.keepalived.VrrpState;
import io.kagami.net.keepalived.VrrpTransition;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.testing.Tshark;
import io.kagami.net.topology.Cloud;
import io.kagami.net.topology.Cloud.RouterInstance;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.CloudSpec.Segment;
import io.kagami.net.topology.CloudSpec.Vm;
import io.kagami.net.wire.CapturedFrame;
import io.kagami.net.wire.Fabric;
import io.kagami.net.wire.PortSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture of the seed deployment through a failover, judged by tshark as {@link TsharkDecodesCaptureTest}
 * judges single frames: an SSH session through router80's floating IP, the qg- and ha- wires of
 * router80 on both network nodes and every tunnel NIC wire of the VM's compute node, the master node
 * crashed at 40 s, the run to 60 s. Every frame must decode fully, with good checksums, and the capture
 * must show the failover: adverts from the old master's ha- address, then from the new master's,
 * gratuitous ARPs of every address the new master takes over, the session's segments on the old
 * master's qg- before and on the new master's after, VXLAN with the project network's VNI.
 */
@ExtendWith(SharedKernel.class)
class SeedFailoverCaptureTest {
    private static final long S = VirtualTime.SECOND;
    private static final long CRASH = 40 * S;
    private static final long END = 60 * S;
    private static final int CLIENT_PORT = 40000;
    /** Cloud allocates VNIs from 1 in the order networks are created: vxlan-net80, then the HA network of "service". */
    private static final String PROJECT_VNI = "1";
    private static final String HA_VNI = "2";
    /** What every frame of this capture is, in tshark's words: nothing left undecoded as "data". */
    private static final Pattern DECODED = Pattern.compile(
            "eth:ethertype:(ip:udp:vxlan:eth:ethertype:)?(arp|ip:vrrp|ip:tcp|ip:tcp:ssh)");
    private static final long PI_SEQUENCE = 0x0200_0000L;
    private static final List<String> FIELDS = List.of("eth.src", "ip.src", "ip.dst", "vrrp.virt_rtr_id", "vrrp.prio",
            "arp.opcode", "arp.isgratuitous", "arp.src.proto_ipv4", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.len",
            "vxlan.vni");

    private final Kernel kernel;

    SeedFailoverCaptureTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** One frame of the capture: when and on which wire the twin recorded it, and what tshark read in it. */
    private record Frame(long time, String capture, Map<String, String> row) {
        List<String> all(String field) {
            return values(row.get(field));
        }

        /** The field's innermost occurrence (the encapsulated packet's, in VXLAN), or "". */
        String inner(String field) {
            List<String> v = all(field);
            return v.isEmpty() ? "" : v.get(v.size() - 1);
        }

        String protocols() {
            return row.get("frame.protocols");
        }

        boolean isVxlan() {
            return protocols().contains(":vxlan:");
        }

        @Override
        public String toString() {
            return VirtualTime.format(time) + " on " + capture + ": " + row;
        }
    }

    @Test
    void tsharkDecodesACaptureOfSshThroughAFailoverAndSeesTheFailover(@TempDir Path dir) throws Exception {
        Cloud cloud = Cloud.build(CloudSpec.seed());
        Segment seg = cloud.spec().segments().get(0);
        Vm vm = seg.vms().get(0);
        SshClient.Settings ssh = SshClient.Settings.defaults().withSourcePort(CLIENT_PORT).withStartAt(10 * S);
        cloud.addApp(cloud.client(), "ssh-" + seg.name(),
                ns -> new SshClient(ns, Cloud.CLIENT, vm.floatingIp(), ssh), ref -> SshClient.socket(ref, ssh));
        List<RouterInstance> router = cloud.routers().stream().filter(r -> r.segment() == seg).toList();
        assertEquals(2, router.size());
        // equal priorities and nopreempt: the higher ha- address wins the first election (DOMAIN.md section 2)
        RouterInstance oldMaster = router.stream().max(Comparator.comparing(RouterInstance::haAddress)).orElseThrow();
        RouterInstance newMaster = router.stream().filter(r -> r != oldMaster).findFirst().orElseThrow();

        Fabric fabric = cloud.fabric();
        List<String> captures = new ArrayList<>();
        for (RouterInstance r : router) {
            captures.add(fabric.capture(r.device(), r.ha()));
            captures.add(fabric.capture(r.device(), r.qg()));
        }
        Fabric.Device nic = cloud.ovsNodes().get(vm.host()).nic();
        for (PortSpec p : nic.ports()) {
            captures.add(fabric.capture(nic, p.name()));
        }
        assertEquals(captures, fabric.captures());
        cloud.crashNode(oldMaster.node(), CRASH);
        RunResult run = kernel.run(cloud.model(), RunOptions.defaults().withPartitions(2).withUntil(END));
        assertEquals(VrrpState.MASTER, stateAt(run, oldMaster, CRASH - 1), "the node crashed is the master");

        Path pcap = dir.resolve("seed-failover.pcap");
        List<Observation> recorded = run.observations().stream()
                .filter(o -> o.value() instanceof CapturedFrame c && captures.contains(c.capture())).toList();
        assertEquals(recorded.size(), PcapExport.write(run, captures, pcap));
        List<Map<String, String>> rows = Tshark.read(pcap, dir, FIELDS);
        assertEquals(recorded.size(), rows.size(), "tshark read another number of frames");
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Observation o = recorded.get(i);
            CapturedFrame c = (CapturedFrame) o.value();
            Frame f = new Frame(o.time(), c.capture(), rows.get(i));
            frames.add(f);
            assertEquals(String.valueOf(i + 1), f.row().get("frame.number"), f.toString());
            assertEquals(String.format("%d.%09d", o.time() / S, o.time() % S), f.row().get("frame.time_epoch"),
                    f.toString());
            assertEquals(String.valueOf(c.frame().length()), f.row().get("frame.len"), f.toString());
        }

        Set<Ipv4Address> vips = cloud.routers().stream().map(r -> Ipv4Address.of(169, 254, 0, r.vrid()))
                .collect(Collectors.toSet());
        for (Frame f : frames) {
            assertDecodedCleanly(f, vips);
        }
        assertTrue(frames.stream().anyMatch(f -> f.all("tcp.checksum.status").contains(GOOD)), "TCP validated");
        assertTrue(frames.stream().anyMatch(f -> f.all("vrrp.checksum.status").contains(GOOD)), "VRRP validated");

        long takeover = assertAdvertsMoveFromTheOldMasterToTheNew(frames, oldMaster, newMaster);
        assertEquals(VrrpState.MASTER, stateAt(run, newMaster, takeover), "the new master, from its first advert");
        assertGratuitousArpsOfEveryAddressTakenOver(frames, seg, vm, newMaster, takeover);
        assertSessionOnTheOldMasterBeforeAndTheNewAfter(frames, vm, oldMaster, newMaster, takeover);
        assertVxlanCarriesTheSessionOnTheProjectVni(cloud, frames, vm, oldMaster, newMaster, takeover);
    }

    /**
     * Decoded to the last layer, not malformed, no expert info of warning level (but one, below), every
     * checksum good but VXLAN's outer UDP one, which is absent (RFC 7348).
     *
     * <p>The exception: Wireshark's ARP duplicate-address detection, a warning of the sequence group, on
     * gratuitous ARPs for a router's primary VIP (169.254.0.VRID on ha-). Each node's ha- port has its own
     * MAC and keepalived uses no virtual MAC, so whenever two nodes have been master (both at the start-up
     * election, where both instances' down timers expire at once, or old and new around a failover) the
     * capture holds the VIP with two MACs, which is true of the traffic, not a fault of its encoding. The
     * qg-/qr- addresses move with a MAC that is the same on every node, so they must never raise it.
     */
    private static void assertDecodedCleanly(Frame f, Set<Ipv4Address> vips) {
        String where = f.toString();
        assertTrue(DECODED.matcher(f.protocols()).matches(), "decoded as " + f.protocols() + ": " + where);
        assertEquals("", f.row().get("_ws.malformed"), where);
        List<String> severities = f.all("_ws.expert.severity");
        List<String> groups = f.all("_ws.expert.group");
        List<String> messages = f.all("_ws.expert.message");
        for (int k = 0; k < severities.size(); k++) {
            long severity = Long.parseLong(severities.get(k));
            long group = Long.parseLong(groups.get(k));
            boolean vipMoved = group == PI_SEQUENCE && "1".equals(f.inner("arp.isgratuitous"))
                    && vips.contains(Ipv4Address.parse(f.inner("arp.src.proto_ipv4")))
                    && messages.get(k).equals("Duplicate IP address configured (" + f.inner("arp.src.proto_ipv4") + ")");
            assertTrue(severity < PI_WARN || vipMoved, "expert info " + messages.get(k) + " in " + where);
        }
        for (String field : Tshark.CHECKSUM_STATUS_FIELDS) {
            List<String> statuses = f.all(field);
            for (int k = 0; k < statuses.size(); k++) {
                String expected = field.equals("udp.checksum.status") && k == 0 && f.isVxlan() ? NOT_PRESENT : GOOD;
                assertEquals(expected, statuses.get(k), field + " #" + k + " in " + where);
            }
        }
        if (f.isVxlan()) {
            assertEquals(List.of(NOT_PRESENT), f.all("udp.checksum.status").subList(0, 1), where);
        }
    }

    /** Returns the takeover: the new master's first advert. */
    private static long assertAdvertsMoveFromTheOldMasterToTheNew(List<Frame> frames, RouterInstance oldMaster,
                                                                  RouterInstance newMaster) {
        String vrid = String.valueOf(oldMaster.vrid());
        List<Frame> adverts = frames.stream().filter(f -> f.protocols().endsWith("ip:vrrp")
                && f.inner("vrrp.virt_rtr_id").equals(vrid)).toList();
        // after the start-up election (both masters for a moment at 6.8 s), up to the crash: the old master alone
        List<Frame> before = adverts.stream().filter(f -> f.time() > 10 * S && f.time() <= CRASH).toList();
        assertFalse(before.isEmpty(), "adverts before the crash");
        before.forEach(f -> assertEquals(oldMaster.haAddress().toString(), f.inner("ip.src"), f.toString()));
        before.forEach(f -> assertEquals("50", f.inner("vrrp.prio"), f.toString()));
        assertTrue(before.get(before.size() - 1).time() > CRASH - 2 * S, "the old master advertised until the crash");
        assertTrue(before.stream().anyMatch(f -> f.capture().equals(wire(oldMaster, oldMaster.ha()))),
                "on its own ha-");
        assertTrue(before.stream().anyMatch(f -> f.capture().equals(wire(newMaster, newMaster.ha()))),
                "heard on the backup's ha-");

        List<Frame> after = adverts.stream().filter(f -> f.time() > CRASH).toList();
        assertFalse(after.isEmpty(), "adverts after the crash");
        after.forEach(f -> assertEquals(newMaster.haAddress().toString(), f.inner("ip.src"), f.toString()));
        long takeover = after.get(0).time();
        // detected 4.805 to 6.805 s after the fault, with advert_int 2 s and priority 50 (DOMAIN.md section 3)
        assertTrue(takeover >= CRASH + 4_805 * VirtualTime.MILLISECOND
                && takeover <= CRASH + 6_805 * VirtualTime.MILLISECOND, "takeover at " + VirtualTime.format(takeover));
        long onItsHa = after.stream().filter(f -> f.capture().equals(wire(newMaster, newMaster.ha()))).count();
        assertTrue(onItsHa >= (END - takeover) / (2 * S), onItsHa + " adverts every advert_int on the new master's ha-");
        return takeover;
    }

    private static void assertGratuitousArpsOfEveryAddressTakenOver(List<Frame> frames, Segment seg, Vm vm,
                                                                    RouterInstance newMaster, long takeover) {
        List<Frame> garps = frames.stream().filter(f -> f.time() > CRASH && "1".equals(f.inner("arp.isgratuitous")))
                .toList();
        Map<String, Predicate<String>> addresses = Map.of(
                "169.254.0." + newMaster.vrid(), capture -> capture.equals(wire(newMaster, newMaster.ha())),
                seg.routerGateway().toString(), capture -> capture.equals(wire(newMaster, newMaster.qg())),
                vm.floatingIp().toString(), capture -> capture.equals(wire(newMaster, newMaster.qg())),
                // qr- is not captured: its GARPs are seen flooded over VXLAN to the compute node
                seg.projectSubnet().gateway().toString(),
                capture -> capture.equals(vm.host() + "/nic/to-" + newMaster.node()));
        for (var address : addresses.entrySet()) {
            List<Frame> of = garps.stream().filter(f -> f.inner("arp.src.proto_ipv4").equals(address.getKey())
                    && address.getValue().test(f.capture())).toList();
            assertEquals(VrrpConfig.GARP_MASTER_REPEAT, of.size(), "GARPs for " + address.getKey() + ": " + of);
            of.forEach(f -> assertEquals(takeover, f.time(), "a burst when it takes over: " + f));
        }
    }

    private static void assertSessionOnTheOldMasterBeforeAndTheNewAfter(List<Frame> frames, Vm vm,
                                                                        RouterInstance oldMaster,
                                                                        RouterInstance newMaster, long takeover) {
        String fip = vm.floatingIp().toString();
        String client = Cloud.CLIENT.toString();
        String port = String.valueOf(CLIENT_PORT);
        Predicate<Frame> toFip = f -> f.row().get("ip.dst").equals(fip) && f.row().get("ip.src").equals(client)
                && f.row().get("tcp.dstport").equals("22") && f.row().get("tcp.srcport").equals(port);
        Predicate<Frame> fromFip = f -> f.row().get("ip.src").equals(fip) && f.row().get("ip.dst").equals(client)
                && f.row().get("tcp.srcport").equals("22") && f.row().get("tcp.dstport").equals(port);
        Predicate<Frame> data = f -> !f.row().get("tcp.len").equals("0");
        Predicate<Frame> onOld = f -> f.capture().equals(wire(oldMaster, oldMaster.qg()));
        Predicate<Frame> onNew = f -> f.capture().equals(wire(newMaster, newMaster.qg()));
        List<Frame> session = frames.stream().filter(f -> f.protocols().startsWith("eth:ethertype:ip:tcp")
                && (toFip.test(f) || fromFip.test(f))).toList();
        assertTrue(session.stream().anyMatch(f -> onOld.test(f) && toFip.test(f)
                && f.row().get("tcp.flags").equals("0x0002") && f.time() >= 10 * S), "the SYN on the old master's qg-");
        assertTrue(session.stream().anyMatch(f -> onOld.test(f) && f.row().get("tcp.flags").equals("0x0012")),
                "the SYN-ACK from the floating IP");
        for (Predicate<Frame> direction : List.of(toFip, fromFip)) {
            assertTrue(session.stream().anyMatch(f -> onOld.test(f) && direction.test(f) && data.test(f)
                    && f.time() > CRASH - 2 * S && f.time() < CRASH), "keystrokes and echoes before the crash");
            assertTrue(session.stream().anyMatch(f -> onNew.test(f) && direction.test(f) && data.test(f)
                    && f.time() > takeover), "keystrokes and echoes after the takeover");
        }
        session.stream().filter(f -> f.time() <= CRASH).forEach(f -> assertTrue(onOld.test(f), f.toString()));
        session.stream().filter(f -> f.time() > CRASH).forEach(f -> assertTrue(onNew.test(f), f.toString()));
    }

    private static void assertVxlanCarriesTheSessionOnTheProjectVni(Cloud cloud, List<Frame> frames, Vm vm,
                                                                    RouterInstance oldMaster,
                                                                    RouterInstance newMaster, long takeover) {
        String fixed = vm.fixedIp().toString();
        List<Frame> vxlan = frames.stream().filter(Frame::isVxlan).toList();
        vxlan.forEach(f -> assertTrue(f.capture().startsWith(vm.host() + "/nic/"), f.toString()));
        List<Frame> session = vxlan.stream().filter(f -> f.protocols().contains(":ip:tcp")
                && (f.inner("ip.dst").equals(fixed) && f.inner("tcp.dstport").equals("22")
                || f.inner("ip.src").equals(fixed) && f.inner("tcp.srcport").equals("22"))).toList();
        session.forEach(f -> assertEquals(PROJECT_VNI, f.row().get("vxlan.vni"), f.toString()));
        vxlan.stream().filter(f -> f.protocols().endsWith("ip:vrrp"))
                .forEach(f -> assertEquals(HA_VNI, f.row().get("vxlan.vni"), f.toString()));
        String oldTunnel = tunnelIp(cloud, oldMaster.node());
        String newTunnel = tunnelIp(cloud, newMaster.node());
        String computeTunnel = tunnelIp(cloud, vm.host());
        for (String tunnel : List.of(oldTunnel, newTunnel)) {
            boolean old = tunnel.equals(oldTunnel);
            Predicate<Frame> when = f -> old ? f.time() < CRASH : f.time() > takeover;
            assertTrue(session.stream().anyMatch(f -> when.test(f) && f.all("ip.src").get(0).equals(tunnel)
                    && f.all("ip.dst").get(0).equals(computeTunnel) && f.inner("ip.dst").equals(fixed)),
                    "keystrokes tunnelled from " + tunnel);
            assertTrue(session.stream().anyMatch(f -> when.test(f) && f.all("ip.src").get(0).equals(computeTunnel)
                    && f.all("ip.dst").get(0).equals(tunnel) && f.inner("ip.src").equals(fixed)),
                    "echoes tunnelled to " + tunnel);
        }
        assertTrue(vxlan.stream().anyMatch(f -> f.protocols().endsWith("ip:vrrp")), "the HA network reaches the compute");
    }

    /** The name of the capture of a router interface's wire, as {@link Fabric#capture} gives it. */
    private static String wire(RouterInstance r, String iface) {
        return r.node() + "/" + r.namespace() + "/" + iface;
    }

    private static String tunnelIp(Cloud cloud, String server) {
        return cloud.spec().servers().stream().filter(s -> s.name().equals(server)).findFirst().orElseThrow()
                .tunnelIp().toString();
    }

    /** The state of a router instance's keepalived at {@code time}, from its transitions. */
    private static VrrpState stateAt(RunResult run, RouterInstance r, long time) {
        String entity = r.device().ref().name() + "/keepalived";
        VrrpState state = null;
        for (Observation o : run.observations()) {
            if (o.time() <= time && o.entity().equals(entity) && o.value() instanceof VrrpTransition t) {
                state = t.state();
            }
        }
        return state;
    }
}

package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static io.kagami.net.netns.Lab.mac;
import static io.kagami.net.netns.Lab.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.IcmpEcho;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.wire.Fabric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The netfilter hooks are called where the kernel calls them: a floating IP's 1:1 NAT (DNAT in
 * PREROUTING, before the routing decision; SNAT in POSTROUTING) carries a ping from outside to the VM
 * and back, and a ping to the router itself goes PREROUTING, INPUT, OUTPUT, POSTROUTING.
 */
@ExtendWith(SharedKernel.class)
class NetfilterPointsTest {

    private static final String QR = "qr-7d2e9a10-b3";
    private static final String QG = "qg-0c0039d6-0e";
    private static final Ipv4Address FIP = ip("172.16.0.50");
    private static final Ipv4Address FIXED = ip("10.0.0.5");

    /** Logs each call; rewrites FIP to FIXED on the way in and FIXED to FIP on the way out of qg-. */
    private static final class FloatingIpNat implements NetfilterHooks {
        private final List<String> log;

        FloatingIpNat(List<String> log) {
            this.log = log;
        }

        @Override
        public Ipv4Packet prerouting(long now, Ipv4Packet packet, String in) {
            log.add("PREROUTING " + in + " " + packet.src() + ">" + packet.dst());
            return packet.dst().equals(FIP) ? rebuild(packet, packet.src(), FIXED) : packet;
        }

        @Override
        public Ipv4Packet input(long now, Ipv4Packet packet, String in) {
            log.add("INPUT " + in);
            return packet;
        }

        @Override
        public Ipv4Packet forward(long now, Ipv4Packet packet, String in, String out) {
            log.add("FORWARD " + in + ">" + out + " " + packet.src() + ">" + packet.dst() + " ttl=" + packet.ttl());
            return packet;
        }

        @Override
        public Ipv4Packet output(long now, Ipv4Packet packet) {
            log.add("OUTPUT " + packet.src() + ">" + packet.dst());
            return packet;
        }

        @Override
        public Ipv4Packet postrouting(long now, Ipv4Packet packet, String out) {
            log.add("POSTROUTING " + out);
            return out.equals(QG) && packet.src().equals(FIXED) ? rebuild(packet, FIP, packet.dst()) : packet;
        }

        private static Ipv4Packet rebuild(Ipv4Packet p, Ipv4Address src, Ipv4Address dst) {
            return Ipv4Packet.of(src, dst, p.ttl(), p.payload());
        }
    }

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final RunResult run;

    /** The external host pings the floating IP at 1 s and the router's qg- address at 2 s. */
    NetfilterPointsTest(Kernel kernel) {
        Lab lab = new Lab();
        var vmApp = lab.recorder("vm-app");
        var extApp = lab.recorder("ext-app");
        Fabric.Device router = lab.namespace(NamespaceConfig.of("qrouter", List.of(
                        InterfaceConfig.ovsInternal(QR, mac(0x10), 1450)
                                .withAddress(InterfaceAddress.parse("10.0.0.1/24")),
                        InterfaceConfig.ovsInternal(QG, mac(0x11), 1500)
                                .withAddress(InterfaceAddress.parse("172.16.0.1/24"))
                                .withAddress(new InterfaceAddress(FIP, 32))))
                .withSysctls(Sysctls.ROUTER)
                .withNetfilter(() -> new FloatingIpNat(log)));
        Fabric.Device vm = lab.namespace(Lab.host("vm", "10.0.0.5/24", 1)
                .withRoute(Route.defaultVia(ip("10.0.0.1"), "eth0"))
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, vmApp, d -> d)));
        Fabric.Device ext = lab.namespace(Lab.host("ext", "172.16.0.9/24", 2)
                .withSocket(new Socket<>(IcmpEcho.PROTOCOL, Socket.ANY_PORT, extApp, d -> d)));
        lab.cable(vm, "eth0", router, QR);
        lab.cable(ext, "eth0", router, QG);
        lab.at(1, ext, new SendPacket(ping("172.16.0.9", "172.16.0.50", 1), null));
        lab.at(2, ext, new SendPacket(ping("172.16.0.9", "172.16.0.1", 2), null));
        run = lab.run(kernel, 5);
    }

    @Test
    void preroutingDnatDecidesTheRouteAndPostroutingSnatRewritesTheReply() {
        Ipv4Packet atVm = Lab.recorded(run, "vm-app", IpDelivered.class).get(0).value().packet();
        assertEquals(List.of(ip("172.16.0.9"), FIXED, 63), List.of(atVm.src(), atVm.dst(), atVm.ttl()));
        List<Ipv4Packet> atExt = Lab.recorded(run, "ext-app", IpDelivered.class).stream()
                .map(t -> t.value().packet()).toList();
        assertEquals(List.of(FIP, ip("172.16.0.1")), atExt.stream().map(Ipv4Packet::src).toList());
    }

    @Test
    void theHooksAreCalledInTheKernelsOrder() {
        assertEquals(List.of(
                "PREROUTING " + QG + " 172.16.0.9>172.16.0.50",
                "FORWARD " + QG + ">" + QR + " 172.16.0.9>10.0.0.5 ttl=63",
                "POSTROUTING " + QR,
                "PREROUTING " + QR + " 10.0.0.5>172.16.0.9",
                "FORWARD " + QR + ">" + QG + " 10.0.0.5>172.16.0.9 ttl=63",
                "POSTROUTING " + QG,
                "PREROUTING " + QG + " 172.16.0.9>172.16.0.1",
                "INPUT " + QG,
                "OUTPUT 172.16.0.1>172.16.0.9",
                "POSTROUTING " + QG), log);
    }
}

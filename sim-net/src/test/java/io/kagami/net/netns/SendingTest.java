package io.kagami.net.netns;

import static io.kagami.net.netns.Lab.ip;
import static io.kagami.net.netns.Lab.mac;
import static io.kagami.net.netns.Lab.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.MacAddress;
import io.kagami.net.packet.RawPayload;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.wire.Fabric;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an application's SendPacket becomes: routed, or sent out its bound interface; multicast to
 * 224.0.0.18 framed to 01:00:5e:00:00:12 without ARP and taken by a protocol-112 socket; a source
 * address that is not local dropped without ip_nonlocal_bind.
 */
@ExtendWith(SharedKernel.class)
class SendingTest {

    private final Kernel kernel;

    SendingTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * "node" has eth0 (10.0.0.1/24, default via 10.0.0.254) on lan0 and eth1 (10.1.0.1/24) on lan1,
     * where "peer" listens to VRRP. node pings 192.0.2.7 bound to eth1 at 1 s, unbound at 2 s; sends
     * an advert out of eth1 at 3 s; pings the peer from 10.9.9.9 at 4 s.
     */
    private RunResult run(Sysctls nodeSysctls) {
        Lab lab = new Lab();
        var keepalived = lab.recorder("keepalived");
        Fabric.Device node = lab.namespace(NamespaceConfig.of("node", List.of(
                        InterfaceConfig.ethernet("eth0", mac(1), 1500)
                                .withAddress(InterfaceAddress.parse("10.0.0.1/24")),
                        InterfaceConfig.ethernet("eth1", mac(2), 1500)
                                .withAddress(InterfaceAddress.parse("10.1.0.1/24"))))
                .withRoute(Route.defaultVia(ip("10.0.0.254"), "eth0"))
                .withSysctls(nodeSysctls));
        Fabric.Device peer = lab.namespace(Lab.host("peer", "10.1.0.2/24", 3)
                .withSocket(new Socket<>(VrrpAdvertisement.PROTOCOL, Socket.ANY_PORT, keepalived, d -> d)));
        Fabric.Device lan0 = lab.hub("lan0");
        Fabric.Device lan1 = lab.hub("lan1");
        lab.plug(node, "eth0", lan0);
        lab.plug(node, "eth1", lan1);
        lab.plug(peer, "eth0", lan1);
        lab.at(1, node, new SendPacket(ping("10.1.0.1", "192.0.2.7", 1), "eth1"));
        lab.at(2, node, new SendPacket(ping("10.0.0.1", "192.0.2.7", 2), null));
        lab.at(3, node, new SendPacket(Ipv4Packet.of(ip("10.1.0.1"), VrrpAdvertisement.MULTICAST_GROUP, 255,
                RawPayload.of(VrrpAdvertisement.PROTOCOL, new byte[20])), "eth1"));
        lab.at(4, node, new SendPacket(ping("10.9.9.9", "10.1.0.2", 3), null));
        return lab.run(kernel, 10);
    }

    @Test
    void aBoundSocketSendsOutItsInterfaceAndResolvesTheDestinationThereAsOnLink() {
        RunResult run = run(Sysctls.HOST);
        assertEquals(List.of(ArpPacket.request(mac(2), ip("10.1.0.1"), ip("192.0.2.7"))), arpRequests(run, "lan1", 1));
        assertEquals(List.of(ArpPacket.request(mac(1), ip("10.0.0.1"), ip("10.0.0.254"))), arpRequests(run, "lan0", 2));
    }

    @Test
    void aVrrpAdvertGoesToItsMulticastMacWithoutArpAndToTheProtocol112Socket() {
        RunResult run = run(Sysctls.HOST);
        List<EthernetFrame> at3 = frames(run, "lan1", 3).stream().filter(f -> f.payload() instanceof Ipv4Packet)
                .toList();
        assertEquals(1, at3.size(), "the only ARP at 3 s is the last try to resolve 192.0.2.7");
        assertEquals(MacAddress.parse("01:00:5e:00:00:12"), at3.get(0).dst());
        List<IpDelivered> adverts = Lab.recorded(run, "keepalived", IpDelivered.class).stream()
                .map(Lab.Timed::value).toList();
        assertEquals(1, adverts.size());
        assertEquals(ip("10.1.0.1"), adverts.get(0).packet().src());
        assertEquals(255, adverts.get(0).packet().ttl());
    }

    @Test
    void aNonLocalSourceIsSentOnlyWithIpNonlocalBind() {
        assertEquals(List.of(), frames(run(Sysctls.HOST), "lan1", 4));
        assertEquals(List.of(ArpPacket.request(mac(2), ip("10.1.0.1"), ip("10.1.0.2"))),
                arpRequests(run(new Sysctls(false, 0, 2, true)), "lan1", 4),
                "arp_announce=2 does not announce the non-local source");
    }

    /** The frames seen on {@code hub} in the second after {@code second}. */
    private static List<EthernetFrame> frames(RunResult run, String hub, int second) {
        return Lab.recorded(run, hub, Hub.Seen.class).stream()
                .filter(s -> s.time() >= second * VirtualTime.SECOND && s.time() < (second + 1) * VirtualTime.SECOND)
                .map(s -> s.value().frame())
                .toList();
    }

    private static List<ArpPacket> arpRequests(RunResult run, String hub, int second) {
        return frames(run, hub, second).stream()
                .filter(f -> f.payload() instanceof ArpPacket arp && arp.op() == ArpPacket.Op.REQUEST)
                .map(f -> (ArpPacket) f.payload())
                .toList();
    }
}

package io.kagami.net.topology;

import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.wire.FrameKey;
import io.kagami.net.wire.KeyedFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What a router's ha- and qg- interfaces take of the networks they share with other routers. Every
 * router of a project shares one HA network (DOMAIN.md section 2), and routers may share an external
 * network, so br-int floods each advert and each GARP of every router to every ha- (or qg-) port of
 * that network on the host: with 254 routers, 253 of every 254 copies are for someone else.
 * Keepalived discards an advert whose VRID is not its own (vrrp_scheduler.c looks the instance up by
 * VRID and drops the packet when none matches), and the kernel discards an ARP that neither asks for
 * one of its addresses nor comes from a neighbour it already has (arp_accept=0). A router's only
 * neighbours there are its peer's HA addresses and the external network's gateway: nothing in its
 * namespace talks to another router's addresses. br-int finds the takers of each frame by key, and
 * the other copies cost nothing.
 *
 * <p>Left out: the generic conntrack entry (600 s) that a real namespace keeps for each other router's
 * adverts it hears, and br-int's tx counters for those copies; the twin's conntrack holds the router's
 * own VRRP flows (its adverts and its peer's) only.
 */
enum RouterPortFilter implements FrameKey {
    KEY;

    /** The key of a VRRP advert. */
    private record Vrid(int vrid) {}

    /** The keys of an advert of each VRID (indexed 0..255; VRRP's are 1..255), made once: asked for at every flood. */
    private static final List<List<Object>> BY_VRID = IntStream.rangeClosed(0, 255)
            .mapToObj(v -> List.<Object>of(new Vrid(v))).toList();

    /** The ha- port of the router with {@code vrid}, its ha- address and its VIP on the HA network. */
    static KeyedFilter ha(int vrid, Ipv4Address haAddress, Ipv4Address vip) {
        return new KeyedFilter(KEY, Set.of(new Vrid(vrid), haAddress, vip));
    }

    /** The qg- port of a router: its gateway address and floating IPs, and the network's gateway. */
    static KeyedFilter external(Ipv4Address networkGateway, Ipv4Address routerGateway, List<Ipv4Address> floatingIps) {
        Set<Object> wanted = new HashSet<>(floatingIps);
        wanted.add(networkGateway);
        wanted.add(routerGateway);
        return new KeyedFilter(KEY, wanted);
    }

    @Override
    public List<Object> of(EthernetFrame frame) {
        if (frame.payload() instanceof Ipv4Packet ip && ip.payload() instanceof VrrpAdvertisement advert) {
            return BY_VRID.get(advert.vrid());
        }
        if (frame.payload() instanceof ArpPacket arp) {
            return List.of(arp.senderIp(), arp.targetIp());
        }
        return null;
    }
}

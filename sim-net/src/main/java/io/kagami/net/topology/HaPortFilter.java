package io.kagami.net.topology;

import io.kagami.net.packet.ArpPacket;
import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.VrrpAdvertisement;
import io.kagami.net.wire.FrameKey;
import io.kagami.net.wire.KeyedFilter;
import java.util.List;
import java.util.Set;

/**
 * What a router's ha- interface takes of its project's HA network. Every router of a project shares one
 * HA network (DOMAIN.md section 2), so br-int floods each advert and each GARP of every router to every
 * ha- port of the project on the host: with 254 routers, 253 of every 254 copies are for someone else.
 * Keepalived discards an advert whose VRID is not its own (vrrp_scheduler.c looks the instance up by
 * VRID and drops the packet when none matches), and the kernel discards an ARP that neither asks for
 * one of its addresses nor comes from a neighbour it already has (arp_accept=0): nothing in a router's
 * namespace talks to another router's HA addresses, so it never has one. br-int finds the one taker of
 * each frame by key, and the other copies cost nothing.
 *
 * <p>Left out: the generic conntrack entry (600 s) that a real namespace keeps for each other router's
 * adverts it hears, and br-int's tx counters for those copies; the twin's conntrack holds the router's
 * own VRRP flows (its adverts and its peer's) only.
 */
enum HaPortFilter implements FrameKey {
    KEY;

    /** The key of a VRRP advert. */
    private record Vrid(int vrid) {}

    /** The filter of the ha- port of the router with {@code vrid}, its ha- address and its VIP. */
    static KeyedFilter of(int vrid, Ipv4Address haAddress, Ipv4Address vip) {
        return new KeyedFilter(KEY, Set.of(new Vrid(vrid), haAddress, vip));
    }

    @Override
    public List<Object> of(EthernetFrame frame) {
        if (frame.payload() instanceof Ipv4Packet ip && ip.payload() instanceof VrrpAdvertisement advert) {
            return List.of(new Vrid(advert.vrid()));
        }
        if (frame.payload() instanceof ArpPacket arp) {
            return List.of(arp.senderIp(), arp.targetIp());
        }
        return null;
    }
}

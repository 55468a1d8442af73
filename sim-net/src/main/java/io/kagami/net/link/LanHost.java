package io.kagami.net.link;

import io.kagami.core.Context;
import io.kagami.net.keepalived.VrrpHost;
import io.kagami.net.packet.Ipv4Packet;

/**
 * keepalived on a bare {@link Lan}: adverts are broadcast to every other instance; there is no IP
 * stack, so virtual addresses and gratuitous ARPs have nowhere to go and are left out. For drills
 * of the VRRP timers alone; the full model runs keepalived in a router namespace.
 */
public record LanHost(Lan lan) implements VrrpHost {
    @Override
    public void send(Context<?> ctx, Ipv4Packet advert) {
        lan.broadcast(ctx, advert);
    }

    @Override
    public void addVirtualAddresses(Context<?> ctx) {
        // no IP stack on a bare LAN
    }

    @Override
    public void removeVirtualAddresses(Context<?> ctx) {
        // no IP stack on a bare LAN
    }

    @Override
    public void sendGratuitousArps(Context<?> ctx) {
        // no L2 on a bare LAN
    }
}

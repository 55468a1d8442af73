package io.kagami.net.keepalived;

import io.kagami.core.Context;
import io.kagami.core.EntityRef;
import io.kagami.net.netns.NamespaceCommand.AddAddress;
import io.kagami.net.netns.NamespaceCommand.AddRoute;
import io.kagami.net.netns.NamespaceCommand.DelAddress;
import io.kagami.net.netns.NamespaceCommand.DelRoute;
import io.kagami.net.netns.NamespaceCommand.SendGratuitousArp;
import io.kagami.net.netns.Route;
import io.kagami.net.netns.SendPacket;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.wire.DeviceInput;
import java.util.List;

/**
 * keepalived in a router namespace, as Neutron runs it: adverts leave bound to the ha- interface;
 * as MASTER it adds virtual_ipaddress, then virtual_ipaddress_excluded, then virtual_routes, and
 * removes them in the reverse order ({@code vrrp_state_become_master} / {@code leave_master}); a
 * gratuitous ARP goes out for every address on its own interface. The namespace must be in the
 * same group as keepalived: these are system calls, with no delay.
 *
 * @param addresses the VIP first, then the excluded addresses
 * @param routes    virtual_routes
 */
public record NamespaceHost(EntityRef<DeviceInput> namespace, String haInterface, List<VirtualAddress> addresses,
                            List<Route> routes) implements VrrpHost {

    public NamespaceHost {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    @Override
    public void send(Context<?> ctx, Ipv4Packet advert) {
        ctx.send(namespace, new SendPacket(advert, haInterface), 0);
    }

    @Override
    public void addVirtualAddresses(Context<?> ctx) {
        for (VirtualAddress a : addresses) {
            ctx.send(namespace, new AddAddress(a.device(), a.address(), a.prefixLength()), 0);
        }
        for (Route r : routes) {
            ctx.send(namespace, new AddRoute(r), 0);
        }
    }

    @Override
    public void removeVirtualAddresses(Context<?> ctx) {
        for (int i = routes.size() - 1; i >= 0; i--) {
            ctx.send(namespace, new DelRoute(routes.get(i)), 0);
        }
        for (int i = addresses.size() - 1; i >= 0; i--) {
            VirtualAddress a = addresses.get(i);
            ctx.send(namespace, new DelAddress(a.device(), a.address(), a.prefixLength()), 0);
        }
    }

    @Override
    public void sendGratuitousArps(Context<?> ctx) {
        for (VirtualAddress a : addresses) {
            ctx.send(namespace, new SendGratuitousArp(a.device(), a.address()), 0);
        }
    }
}

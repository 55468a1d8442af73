package io.kagami.net.netns;

import io.kagami.net.packet.Ipv4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The main routing table of a namespace: the static routes, and the kernel's connected routes, one
 * for the subnet of each primary address of an interface that is up (none for a /32, nor for a
 * secondary; {@code fib_add_ifaddr}). Lookup is longest-prefix match; among equal prefixes the
 * first listed wins. Taking an interface down deletes the static routes through it (the kernel's
 * {@code fib_sync_down_dev}: they do not come back when it is up again), its connected routes
 * come back with it. Left out: the local table (local and broadcast addresses are the namespace's
 * own test), metrics, policy routing.
 */
final class RoutingTable {

    /** {@code ip route} order: by destination, the longer prefix first for the same destination. */
    private static final Comparator<Route> DUMP_ORDER = Comparator.comparing(Route::destination)
            .thenComparing(Comparator.comparingInt(Route::prefixLength).reversed());

    private final Collection<NetDevice> devices;
    private final List<Route> statics = new ArrayList<>();

    /** A table over {@code devices}, the namespace's live interfaces. */
    RoutingTable(Collection<NetDevice> devices) {
        this.devices = devices;
    }

    /** Every route, in the order {@code ip route} lists them. */
    List<Route> view() {
        List<Route> all = all();
        all.sort(DUMP_ORDER);
        return all;
    }

    /**
     * The route to {@code dst}, or null. With {@code device} (a socket bound to it) only routes through
     * that device count, and without one the kernel takes {@code dst} as on the device's link.
     */
    Route lookup(Ipv4Address dst, String device) {
        Route best = null;
        for (Route r : all()) {
            if ((device == null || r.device().equals(device)) && r.matches(dst)
                    && (best == null || r.prefixLength() > best.prefixLength())) {
                best = r;
            }
        }
        return best == null && device != null ? Route.onLink(dst, 32, device) : best;
    }

    /** Whether a route for the same destination and prefix exists (the kernel allows one). */
    boolean hasPrefix(Route route) {
        return all().stream().anyMatch(r -> r.samePrefix(route));
    }

    /** Whether {@code gateway} is on a connected subnet of {@code device}, as a gateway must be. */
    boolean isOnLink(Ipv4Address gateway, String device) {
        return connected().stream().anyMatch(r -> r.device().equals(device) && r.matches(gateway));
    }

    void add(Route route) {
        statics.add(route);
    }

    /** Deletes the static route with the same destination, prefix, gateway and device; false if none. */
    boolean remove(Route route) {
        return statics.removeIf(r -> r.samePrefix(route) && r.device().equals(route.device())
                && Objects.equals(r.gateway(), route.gateway()));
    }

    /** Deletes every static route through {@code device}, which went down. */
    void removeVia(String device) {
        statics.removeIf(r -> r.device().equals(device));
    }

    private List<Route> all() {
        List<Route> all = new ArrayList<>(statics);
        all.addAll(connected());
        return all;
    }

    private List<Route> connected() {
        List<Route> routes = new ArrayList<>();
        for (NetDevice d : devices) {
            if (!d.isUp()) {
                continue;
            }
            for (NamespaceSnapshot.Address a : d.addresses()) {
                if (!a.secondary() && a.address().prefixLength() < 32) {
                    routes.add(Route.connected(a.address(), d.name()));
                }
            }
        }
        return routes;
    }
}

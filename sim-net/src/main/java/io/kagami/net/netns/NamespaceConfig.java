package io.kagami.net.netns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything a {@link Namespace} starts with: its name ({@code qrouter-<uuid>}, {@code qdhcp-<uuid>},
 * a VM's), interfaces (lo is implicit), static routes, sysctls, the applications' sockets, the
 * address monitors, and the netfilter hooks, made afresh for every run because they hold state
 * (conntrack).
 */
public record NamespaceConfig(String name, List<InterfaceConfig> interfaces, List<Route> routes, Sysctls sysctls,
                              List<Socket<?>> sockets, List<AddressMonitor<?>> monitors,
                              Supplier<NetfilterHooks> netfilter) {

    public NamespaceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sysctls, "sysctls");
        Objects.requireNonNull(netfilter, "netfilter");
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        sockets = List.copyOf(sockets);
        monitors = List.copyOf(monitors);
        Set<String> names = new HashSet<>();
        for (InterfaceConfig i : interfaces) {
            if (!names.add(i.name())) {
                throw new IllegalArgumentException("namespace " + name + " has two interfaces named " + i.name());
            }
        }
        for (Route r : routes) {
            if (!names.contains(r.device())) {
                throw new IllegalArgumentException("route " + r + " in namespace " + name + ": no interface "
                        + r.device());
            }
        }
    }

    /** A namespace with these interfaces, a host's sysctls and nothing else. */
    public static NamespaceConfig of(String name, List<InterfaceConfig> interfaces) {
        return new NamespaceConfig(name, interfaces, List.of(), Sysctls.HOST, List.of(), List.of(),
                () -> NetfilterHooks.NONE);
    }

    public NamespaceConfig withRoute(Route route) {
        return new NamespaceConfig(name, interfaces, plus(routes, route), sysctls, sockets, monitors, netfilter);
    }

    public NamespaceConfig withSysctls(Sysctls values) {
        return new NamespaceConfig(name, interfaces, routes, values, sockets, monitors, netfilter);
    }

    public NamespaceConfig withSocket(Socket<?> socket) {
        return new NamespaceConfig(name, interfaces, routes, sysctls, plus(sockets, socket), monitors, netfilter);
    }

    public NamespaceConfig withMonitor(AddressMonitor<?> monitor) {
        return new NamespaceConfig(name, interfaces, routes, sysctls, sockets, plus(monitors, monitor), netfilter);
    }

    /** The hooks of each run: {@code factory} is called once per run. */
    public NamespaceConfig withNetfilter(Supplier<NetfilterHooks> factory) {
        return new NamespaceConfig(name, interfaces, routes, sysctls, sockets, monitors, factory);
    }

    private static <T> List<T> plus(List<T> list, T element) {
        List<T> more = new ArrayList<>(list);
        more.add(Objects.requireNonNull(element));
        return more;
    }
}

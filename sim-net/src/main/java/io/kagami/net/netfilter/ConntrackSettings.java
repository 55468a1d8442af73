package io.kagami.net.netfilter;

import java.util.Objects;

/**
 * The conntrack sysctls of one namespace that change behaviour here.
 *
 * @param tcpLoose {@code nf_conntrack_tcp_loose}: pick up TCP connections from a mid-stream ACK
 *     (kernel default 1). This is what lets a floating-IP flow survive a failover to a node that never
 *     saw its SYN.
 * @param maxEntries {@code nf_conntrack_max}: new connections beyond it are dropped ("table full,
 *     dropping packet"); 262144, the most the kernel sizes by default, unless set
 * @param timeouts the {@code nf_conntrack_*_timeout*} values
 */
public record ConntrackSettings(boolean tcpLoose, int maxEntries, ConntrackTimeouts timeouts) {

    public ConntrackSettings {
        Objects.requireNonNull(timeouts, "timeouts");
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("nf_conntrack_max " + maxEntries + ": must be positive");
        }
    }

    /** The kernel's defaults, which Neutron keeps in router namespaces. */
    public static ConntrackSettings defaults() {
        return new ConntrackSettings(true, 262_144, ConntrackTimeouts.KERNEL_DEFAULTS);
    }

    public ConntrackSettings withTcpLoose(boolean loose) {
        return new ConntrackSettings(loose, maxEntries, timeouts);
    }
}

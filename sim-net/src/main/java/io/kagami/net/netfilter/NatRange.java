package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Address;
import java.util.Objects;

/**
 * Where a NAT target may map a connection ({@code struct nf_nat_range2}): one address here (iptables
 * allows a range; Neutron never uses one), and optionally a port range.
 *
 * @param minPort the lowest port, or -1 when no port range is given (ports are then kept if they can be)
 * @param randomFully {@code --random-fully}: never keep the port, pick one from the range
 */
public record NatRange(Ipv4Address address, int minPort, int maxPort, boolean randomFully) {

    public NatRange {
        Objects.requireNonNull(address, "address");
        if (minPort != -1 && (minPort < 0 || minPort > maxPort || maxPort > 0xFFFF)) {
            throw new IllegalArgumentException("port range " + minPort + "-" + maxPort + " out of 0..65535");
        }
    }

    /** To {@code address}, keeping the port when possible. */
    public static NatRange to(Ipv4Address address) {
        return new NatRange(address, -1, -1, false);
    }

    public boolean portsSpecified() {
        return minPort != -1;
    }

    boolean portInRange(int port) {
        return !portsSpecified() || (port >= minPort && port <= maxPort);
    }
}

package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Address;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a matching rule does ({@code -j}), with the text iptables-save prints for it and where the
 * kernel allows it. ACCEPT, DROP and the NAT targets end the table's traversal; RETURN leaves the
 * current chain; a jump enters a user chain; MARK changes the packet mark and goes on. Left out:
 * MASQUERADE, LOG, REJECT, CONNMARK, CT, CHECKSUM and the rest.
 */
public sealed interface Target {

    /** The text after {@code -j}, {@code DNAT --to-destination 192.168.80.5} say. */
    String render();

    /** The tables the target may be used in; null for any. */
    default String table() {
        return null;
    }

    /** The hooks whose chains may reach the target; all of them unless said otherwise. */
    default Set<Hook> hooks() {
        return EnumSet.allOf(Hook.class);
    }

    /** {@code -j ACCEPT}. */
    record Accept() implements Target {
        @Override
        public String render() {
            return "ACCEPT";
        }
    }

    /** {@code -j DROP}. */
    record Drop() implements Target {
        @Override
        public String render() {
            return "DROP";
        }
    }

    /** {@code -j RETURN}. */
    record Return() implements Target {
        @Override
        public String render() {
            return "RETURN";
        }
    }

    /** {@code -j chain}: a user chain of the same table. */
    record Jump(String chain) implements Target {
        public Jump {
            Objects.requireNonNull(chain, "chain");
        }

        @Override
        public String render() {
            return chain;
        }
    }

    private static String portRange(int min, int max) {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }

    /** {@code -j DNAT --to-destination address[:port]} ({@code port} -1 keeps the port). */
    record Dnat(Ipv4Address address, int port) implements Target {
        public Dnat {
            Objects.requireNonNull(address, "address");
            if (port < -1 || port > 0xFFFF) {
                throw new IllegalArgumentException("DNAT port " + port + " out of range 0..65535");
            }
        }

        public NatRange range() {
            return new NatRange(address, port, port, false);
        }

        @Override
        public String render() {
            return "DNAT --to-destination " + address + (port == -1 ? "" : ":" + port);
        }

        @Override
        public String table() {
            return "nat";
        }

        @Override
        public Set<Hook> hooks() {
            return EnumSet.of(Hook.PREROUTING, Hook.OUTPUT);
        }
    }

    /** {@code -j SNAT --to-source address[:min-max] [--random-fully]} ({@code minPort} -1 for no range). */
    record Snat(Ipv4Address address, int minPort, int maxPort, boolean randomFully) implements Target {
        public Snat {
            Objects.requireNonNull(address, "address");
            new NatRange(address, minPort, maxPort, randomFully); // validates the ports
        }

        public static Snat to(Ipv4Address address) {
            return new Snat(address, -1, -1, false);
        }

        public NatRange range() {
            return new NatRange(address, minPort, maxPort, randomFully);
        }

        @Override
        public String render() {
            return "SNAT --to-source " + address + (minPort == -1 ? "" : ":" + portRange(minPort, maxPort))
                    + (randomFully ? " --random-fully" : "");
        }

        @Override
        public String table() {
            return "nat";
        }

        @Override
        public Set<Hook> hooks() {
            return EnumSet.of(Hook.POSTROUTING, Hook.INPUT);
        }
    }

    /**
     * {@code -j REDIRECT --to-ports min[-max]}: DNAT to the primary address of the interface the packet
     * came in on (127.0.0.1 for locally generated packets); dropped if that interface has no address.
     */
    record Redirect(int minPort, int maxPort) implements Target {
        public Redirect {
            if (minPort < 0 || minPort > maxPort || maxPort > 0xFFFF) {
                throw new IllegalArgumentException("REDIRECT ports " + minPort + "-" + maxPort + " out of 0..65535");
            }
        }

        public NatRange range(Ipv4Address address) {
            return new NatRange(address, minPort, maxPort, false);
        }

        @Override
        public String render() {
            return "REDIRECT --to-ports " + portRange(minPort, maxPort);
        }

        @Override
        public String table() {
            return "nat";
        }

        @Override
        public Set<Hook> hooks() {
            return EnumSet.of(Hook.PREROUTING, Hook.OUTPUT);
        }
    }

    /** {@code -j MARK --set-xmark value/mask}: {@code mark = (mark & ~mask) ^ value}. */
    record SetMark(long value, long mask) implements Target {
        public SetMark {
            if (value < 0 || value > 0xFFFF_FFFFL || mask < 0 || mask > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("mark 0x" + Long.toHexString(value) + "/0x"
                        + Long.toHexString(mask) + " out of 32 bits");
            }
        }

        long apply(long mark) {
            return (mark & ~mask) ^ value;
        }

        @Override
        public String render() {
            return "MARK --set-xmark 0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
        }

        @Override
        public String table() {
            return "mangle";
        }
    }
}

package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import io.kagami.net.packet.UdpDatagram;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One condition of an iptables rule, with the text iptables-save prints for it. The basic matches
 * ({@code -s -d -i -o -p}) come first in a saved rule, in that order; extension matches
 * ({@code -m tcp/udp, mark, conntrack, comment}) follow in the order they were given. Left out: every
 * other option and match module (multiport, state, physdev, limit, ...).
 */
public sealed interface Match {

    boolean matches(PacketInFlight packet);

    /** The text of the match as iptables-save prints it, {@code ! -o qg-1234567890a} say. */
    String render();

    /** Sort key for iptables-save's order: the basic matches, then (in given order) the extensions. */
    int order();

    private static String not(boolean negated) {
        return negated ? "! " : "";
    }

    /** {@code [!] -s address/prefix}. */
    record Source(Ipv4Cidr cidr, boolean negated) implements Match {
        public Source {
            Objects.requireNonNull(cidr, "cidr");
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            return cidr.contains(packet.packet().src()) != negated;
        }

        @Override
        public String render() {
            return not(negated) + "-s " + cidr;
        }

        @Override
        public int order() {
            return 0;
        }
    }

    /** {@code [!] -d address/prefix}. */
    record Destination(Ipv4Cidr cidr, boolean negated) implements Match {
        public Destination {
            Objects.requireNonNull(cidr, "cidr");
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            return cidr.contains(packet.packet().dst()) != negated;
        }

        @Override
        public String render() {
            return not(negated) + "-d " + cidr;
        }

        @Override
        public int order() {
            return 1;
        }
    }

    /**
     * Whether an interface name fits an iptables interface pattern: exactly, or by prefix when the
     * pattern ends in {@code +} ({@code qr-+} is every qr- device). No interface (a locally generated
     * packet's input, say) fits no pattern.
     */
    private static boolean interfaceMatches(String pattern, String name) {
        if (name == null) {
            return false;
        }
        if (pattern.endsWith("+")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return name.equals(pattern);
    }

    private static String checkInterface(String pattern) {
        Objects.requireNonNull(pattern, "interface");
        if (pattern.isEmpty() || pattern.length() > 15 || pattern.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + pattern + "' is not an interface name (1 to 15 characters,"
                    + " no spaces; a trailing + matches any suffix)");
        }
        return pattern;
    }

    /** {@code [!] -i name}, {@code +} as a trailing wildcard. */
    record InInterface(String pattern, boolean negated) implements Match {
        public InInterface {
            checkInterface(pattern);
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            return interfaceMatches(pattern, packet.inInterface()) != negated;
        }

        @Override
        public String render() {
            return not(negated) + "-i " + pattern;
        }

        @Override
        public int order() {
            return 2;
        }
    }

    /** {@code [!] -o name}, {@code +} as a trailing wildcard. */
    record OutInterface(String pattern, boolean negated) implements Match {
        public OutInterface {
            checkInterface(pattern);
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            return interfaceMatches(pattern, packet.outInterface()) != negated;
        }

        @Override
        public String render() {
            return not(negated) + "-o " + pattern;
        }

        @Override
        public int order() {
            return 3;
        }
    }

    /** {@code [!] -p tcp|udp|icmp|number}. */
    record Protocol(int number, boolean negated) implements Match {
        public Protocol {
            if (number < 0 || number > 255) {
                throw new IllegalArgumentException("IP protocol " + number + " out of range 0..255");
            }
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            return (packet.packet().protocol() == number) != negated;
        }

        @Override
        public String render() {
            return not(negated) + "-p " + name(number);
        }

        static String name(int number) {
            return switch (number) {
                case Tuple.TCP -> "tcp";
                case Tuple.UDP -> "udp";
                case Tuple.ICMP -> "icmp";
                default -> Integer.toString(number);
            };
        }

        @Override
        public int order() {
            return 4;
        }
    }

    /**
     * {@code -m tcp|udp [!] --sport p[:q] [!] --dport p[:q]}: a port range of the source and/or the
     * destination, -1 for a side not matched. iptables requires {@code -p tcp} or {@code -p udp} before it.
     */
    record Ports(int protocol, int srcFrom, int srcTo, boolean srcNegated, int dstFrom, int dstTo,
                 boolean dstNegated) implements Match {
        public Ports {
            if (protocol != Tuple.TCP && protocol != Tuple.UDP) {
                throw new IllegalArgumentException("port matches need -p tcp or -p udp, not protocol " + protocol);
            }
            checkRange(srcFrom, srcTo);
            checkRange(dstFrom, dstTo);
            if (srcFrom == -1 && dstFrom == -1) {
                throw new IllegalArgumentException("-m " + Protocol.name(protocol) + " without --sport or --dport");
            }
        }

        private static void checkRange(int from, int to) {
            if (from == -1 && to == -1) {
                return;
            }
            if (from < 0 || to > 0xFFFF || from > to) {
                throw new IllegalArgumentException("port range " + from + ":" + to + " out of 0..65535");
            }
        }

        /** {@code --dport port}. */
        public static Ports destination(int protocol, int port) {
            return new Ports(protocol, -1, -1, false, port, port, false);
        }

        @Override
        public boolean matches(PacketInFlight inFlight) {
            Ipv4Packet packet = inFlight.packet();
            int src;
            int dst;
            if (packet.payload() instanceof TcpSegment tcp && protocol == Tuple.TCP) {
                src = tcp.srcPort();
                dst = tcp.dstPort();
            } else if (packet.payload() instanceof UdpDatagram udp && protocol == Tuple.UDP) {
                src = udp.srcPort();
                dst = udp.dstPort();
            } else {
                return false;
            }
            boolean srcOk = srcFrom == -1 || ((src >= srcFrom && src <= srcTo) != srcNegated);
            boolean dstOk = dstFrom == -1 || ((dst >= dstFrom && dst <= dstTo) != dstNegated);
            return srcOk && dstOk;
        }

        @Override
        public String render() {
            StringBuilder out = new StringBuilder("-m ").append(Protocol.name(protocol));
            if (srcFrom != -1) {
                out.append(' ').append(not(srcNegated)).append("--sport ").append(range(srcFrom, srcTo));
            }
            if (dstFrom != -1) {
                out.append(' ').append(not(dstNegated)).append("--dport ").append(range(dstFrom, dstTo));
            }
            return out.toString();
        }

        private static String range(int from, int to) {
            return from == to ? Integer.toString(from) : from + ":" + to;
        }

        @Override
        public int order() {
            return 5;
        }
    }

    /** {@code -m mark [!] --mark value[/mask]}: {@code (mark & mask) == value}. */
    record Mark(long value, long mask, boolean negated) implements Match {
        public Mark {
            if (value < 0 || value > 0xFFFF_FFFFL || mask < 0 || mask > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("mark 0x" + Long.toHexString(value) + "/0x"
                        + Long.toHexString(mask) + " out of 32 bits");
            }
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            return ((packet.mark() & mask) == value) != negated;
        }

        @Override
        public String render() {
            return "-m mark " + not(negated) + "--mark " + markText(value, mask);
        }

        @Override
        public int order() {
            return 5;
        }
    }

    /** {@code 0x2/0xffff}, or {@code 0x2} with the full mask, as iptables prints marks. */
    static String markText(long value, long mask) {
        String text = "0x" + Long.toHexString(value);
        return mask == 0xFFFF_FFFFL ? text : text + "/0x" + Long.toHexString(mask);
    }

    /** {@code -m conntrack [!] --ctstate STATE[,STATE...]}. */
    record ConntrackState(Set<CtState> states, boolean negated) implements Match {
        public ConntrackState {
            if (states.isEmpty()) {
                throw new IllegalArgumentException("--ctstate needs at least one state");
            }
            states = Set.copyOf(EnumSet.copyOf(states));
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            int wanted = 0;
            for (CtState state : states) {
                wanted |= CtState.bit(state);
            }
            return ((CtState.of(packet) & wanted) != 0) != negated;
        }

        @Override
        public String render() {
            StringJoiner names = new StringJoiner(",");
            for (CtState state : EnumSet.copyOf(states)) {
                names.add(state.name());
            }
            return "-m conntrack " + not(negated) + "--ctstate " + names;
        }

        @Override
        public int order() {
            return 5;
        }
    }

    /** {@code -m comment --comment text}: matches everything. */
    record Comment(String text) implements Match {
        public Comment {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean matches(PacketInFlight packet) {
            return true;
        }

        /** Quoted when it holds spaces or quotes, as iptables-save does. */
        @Override
        public String render() {
            boolean plain = !text.isEmpty() && text.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"'
                    || c == '\'' || c == '\\');
            return "-m comment --comment " + (plain ? text : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"");
        }

        @Override
        public int order() {
            return 5;
        }
    }
}

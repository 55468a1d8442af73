package io.kagami.net.netfilter;

/**
 * The states {@code -m conntrack --ctstate} matches ({@code xt_conntrack}), in the order iptables-save
 * prints them. SNAT and DNAT are the kernel's "virtual" states: the connection's source (destination)
 * is rewritten. RELATED and UNTRACKED never occur here (no helpers, ICMP errors or NOTRACK rules).
 */
public enum CtState {
    INVALID,
    NEW,
    RELATED,
    ESTABLISHED,
    UNTRACKED,
    SNAT,
    DNAT;

    /** The states of {@code packet}, one bit per {@link #ordinal()}. */
    static int of(PacketInFlight packet) {
        ConntrackEntry entry = packet.conntrack();
        if (entry == null) {
            return bit(INVALID);
        }
        int bits = bit(packet.ctNew() ? NEW : ESTABLISHED);
        if (entry.sourceNat()) {
            bits |= bit(SNAT);
        }
        if (entry.destinationNat()) {
            bits |= bit(DNAT);
        }
        return bits;
    }

    static int bit(CtState state) {
        return 1 << state.ordinal();
    }
}

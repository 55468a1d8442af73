package io.kagami.net.netfilter;

/**
 * Counters of one namespace's netfilter since it was made, for measurements.
 *
 * @param dropped packets dropped by netfilter: a full conntrack table, a NAT clash at confirm, a DROP
 *     rule, a REDIRECT on an interface without an address
 * @param invalid packets conntrack could not track (a FIN or RST with no entry, an echo reply with no
 *     request, a TCP segment invalid in its state): they went on untracked, so not NATed
 * @param pickedUp TCP connections picked up mid-stream (nf_conntrack_tcp_loose)
 * @param untranslatedMidStream packets of connections picked up mid-stream and bound to no NAT that
 *     were delivered locally: in a router namespace after a failover, what the replies of default-SNAT
 *     flows look like (the port mapping stayed on the old node; the namespace will answer with a RST)
 */
public record NetfilterStats(long dropped, long invalid, long pickedUp, long untranslatedMidStream) {

    /** Packets netfilter dropped or let through without the NAT their flow needed. */
    public long droppedOrUntranslated() {
        return dropped + invalid + untranslatedMidStream;
    }
}

package io.kagami.net.netfilter;

/**
 * One tracked connection ({@code struct nf_conn}): its original and reply tuples, the status bits
 * that matter here (seen reply, assured, confirmed, source and destination NAT), the TCP state and
 * the virtual time it expires at. The reply tuple holds the NAT binding: with DNAT or SNAT it is not
 * the inverse of the original any more, and {@link Netfilter} rewrites packets to make them fit. Left
 * out: the connection mark (always 0), accounting, helpers and expectations, timestamps, zones.
 */
public final class ConntrackEntry {

    static final int SEEN_REPLY = 1;
    static final int ASSURED = 1 << 1;
    static final int CONFIRMED = 1 << 2;
    static final int SRC_NAT = 1 << 3;
    static final int DST_NAT = 1 << 4;
    static final int SRC_NAT_DONE = 1 << 5;
    static final int DST_NAT_DONE = 1 << 6;
    static final int DYING = 1 << 7;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long sequence;
    private final Tuple original;
    private Tuple reply;
    private int status;
    private TcpConntrackState tcpState;
    private final long createdAt;
    private long expiresAt;
    private final boolean pickedUp;

    ConntrackEntry(long sequence, Tuple original, long now, boolean pickedUp) {
        this.sequence = sequence;
        this.original = original;
        this.reply = original.invert();
        this.createdAt = now;
        this.expiresAt = now;
        this.pickedUp = pickedUp;
        this.tcpState = original.protocol() == Tuple.TCP ? TcpConntrackState.NONE : null;
    }

    /** The tuple of packets in the direction of the first packet. */
    public Tuple original() {
        return original;
    }

    /** The tuple reply packets carry: the inverse of the original, as rewritten by NAT. */
    public Tuple reply() {
        return reply;
    }

    public Tuple tuple(Direction direction) {
        return direction == Direction.ORIGINAL ? original : reply;
    }

    void setReply(Tuple reply) {
        this.reply = reply;
    }

    /** The TCP state, or null for other protocols. */
    public TcpConntrackState tcpState() {
        return tcpState;
    }

    void setTcpState(TcpConntrackState state) {
        this.tcpState = state;
    }

    public boolean seenReply() {
        return has(SEEN_REPLY);
    }

    public boolean assured() {
        return has(ASSURED);
    }

    public boolean confirmed() {
        return has(CONFIRMED);
    }

    /** Whether the source of original packets is rewritten (SNAT); matched by {@code --ctstate SNAT}. */
    public boolean sourceNat() {
        return has(SRC_NAT);
    }

    /** Whether the destination of original packets is rewritten (DNAT); matched by {@code --ctstate DNAT}. */
    public boolean destinationNat() {
        return has(DST_NAT);
    }

    /** Whether the entry was created from a mid-stream TCP segment (nf_conntrack_tcp_loose). */
    public boolean pickedUp() {
        return pickedUp;
    }

    public long createdAt() {
        return createdAt;
    }

    /** The virtual time (ns) the entry expires at unless a packet refreshes it. */
    public long expiresAt() {
        return expiresAt;
    }

    boolean expired(long now) {
        return now >= expiresAt;
    }

    void refresh(long now, int timeoutSeconds) {
        expiresAt = now + timeoutSeconds * NANOS_PER_SECOND;
    }

    boolean has(int bit) {
        return (status & bit) != 0;
    }

    void set(int bit) {
        status |= bit;
    }

    long sequence() {
        return sequence;
    }

    /** Whole seconds left before expiry, as {@code conntrack -L} shows them. */
    public long secondsLeft(long now) {
        return Math.max(0, (expiresAt - now) / NANOS_PER_SECOND);
    }

    /**
     * The entry as one line of {@code conntrack -L}, for example
     * {@code tcp      6 431999 ESTABLISHED src=.. dst=.. sport=.. dport=.. src=.. dst=.. sport=.. dport=.. [ASSURED] mark=0 use=1}
     * ({@code [UNREPLIED]} between the tuples while no reply was seen).
     */
    public String conntrackLine(long now) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-8s %d %d ", protocolName(original.protocol()), original.protocol(), secondsLeft(now)));
        if (tcpState != null) {
            out.append(tcpState).append(' ');
        }
        out.append(original.describe()).append(' ');
        if (!seenReply()) {
            out.append("[UNREPLIED] ");
        }
        out.append(reply.describe()).append(' ');
        if (assured()) {
            out.append("[ASSURED] ");
        }
        return out.append("mark=0 use=1").toString();
    }

    static String protocolName(int protocol) {
        return switch (protocol) {
            case Tuple.TCP -> "tcp";
            case Tuple.UDP -> "udp";
            case Tuple.ICMP -> "icmp";
            default -> "unknown";
        };
    }

    @Override
    public String toString() {
        return "conntrack " + original + " / " + reply + (tcpState == null ? "" : " " + tcpState);
    }
}

package io.kagami.net.netfilter;

import io.kagami.net.packet.TcpSegment;

/**
 * The TCP state conntrack keeps for a connection, a middlebox's guess at both ends' states, and the
 * transitions a segment causes. The table follows {@code tcp_conntracks} in the Linux kernel's
 * {@code net/netfilter/nf_conntrack_proto_tcp.c}: NONE -> SYN_SENT on a SYN, -> SYN_RECV on the
 * SYN/ACK, -> ESTABLISHED on the ACK, FIN_WAIT / CLOSE_WAIT / LAST_ACK / TIME_WAIT on the close, CLOSE
 * on a RST. Left out: SYN_SENT2 (simultaneous open, treated as an ignored segment here), LISTEN, and
 * window tracking: sequence numbers are not checked, which is what {@code nf_conntrack_tcp_be_liberal=1},
 * set in Neutron's router namespaces, nearly amounts to.
 */
public enum TcpConntrackState {
    NONE,
    SYN_SENT,
    SYN_RECV,
    ESTABLISHED,
    FIN_WAIT,
    CLOSE_WAIT,
    LAST_ACK,
    TIME_WAIT,
    CLOSE;

    /** The kernel's sIV: the segment is invalid in this state; it passes untracked. */
    static final int INVALID = -1;
    /** The kernel's sIG: the segment is let through, the state and timeout untouched. */
    static final int IGNORE = -2;

    private static final int NO = 0;
    private static final int SS = 1;
    private static final int SR = 2;
    private static final int ES = 3;
    private static final int FW = 4;
    private static final int CW = 5;
    private static final int LA = 6;
    private static final int TW = 7;
    private static final int CL = 8;
    private static final int IV = INVALID;
    private static final int IG = IGNORE;

    private static final int SYN_SET = 0;
    private static final int SYNACK_SET = 1;
    private static final int FIN_SET = 2;
    private static final int ACK_SET = 3;
    private static final int RST_SET = 4;
    private static final int NONE_SET = 5;

    // [direction][flag class][old state], states in declaration order NO SS SR ES FW CW LA TW CL.
    private static final int[][][] TRANSITIONS = {
        { // ORIGINAL
            /* syn    */ {SS, SS, IG, IG, IG, IG, IG, SS, SS},
            /* synack */ {IV, IV, IG, IG, IG, IG, IG, IG, IG},
            /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL},
            /* ack    */ {ES, IV, ES, ES, CW, CW, TW, TW, CL},
            /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL},
            /* none   */ {IV, IV, IV, IV, IV, IV, IV, IV, IV},
        },
        { // REPLY; a SYN answering a SYN (simultaneous open, SYN_SENT2 in the kernel) is ignored here
            /* syn    */ {IV, IG, IV, IV, IV, IV, IV, IV, IV},
            /* synack */ {IV, SR, IG, IG, IG, IG, IG, IG, IG},
            /* fin    */ {IV, IV, FW, FW, LA, LA, LA, TW, CL},
            /* ack    */ {IV, IG, SR, ES, CW, CW, TW, TW, CL},
            /* rst    */ {IV, CL, CL, CL, CL, CL, CL, CL, CL},
            /* none   */ {IV, IV, IV, IV, IV, IV, IV, IV, IV},
        },
    };

    /** Which row of the table a segment uses, by the kernel's precedence: RST, SYN(/ACK), FIN, ACK. */
    private static int flagClass(int flags) {
        if ((flags & TcpSegment.RST) != 0) {
            return RST_SET;
        }
        if ((flags & TcpSegment.SYN) != 0) {
            return (flags & TcpSegment.ACK) != 0 ? SYNACK_SET : SYN_SET;
        }
        if ((flags & TcpSegment.FIN) != 0) {
            return FIN_SET;
        }
        if ((flags & TcpSegment.ACK) != 0) {
            return ACK_SET;
        }
        return NONE_SET;
    }

    /**
     * The state after a segment with {@code flags} travelling in {@code direction}: the ordinal of the
     * new state, or {@link #INVALID} or {@link #IGNORE}.
     */
    static int next(Direction direction, int flags, TcpConntrackState old) {
        return TRANSITIONS[direction.ordinal()][flagClass(flags)][old.ordinal()];
    }

    /** The timeout of this state, in seconds, under {@code timeouts}. */
    int timeoutSeconds(ConntrackTimeouts timeouts) {
        return switch (this) {
            case NONE, SYN_SENT -> timeouts.tcpSynSent();
            case SYN_RECV -> timeouts.tcpSynRecv();
            case ESTABLISHED -> timeouts.tcpEstablished();
            case FIN_WAIT -> timeouts.tcpFinWait();
            case CLOSE_WAIT -> timeouts.tcpCloseWait();
            case LAST_ACK -> timeouts.tcpLastAck();
            case TIME_WAIT -> timeouts.tcpTimeWait();
            case CLOSE -> timeouts.tcpClose();
        };
    }
}

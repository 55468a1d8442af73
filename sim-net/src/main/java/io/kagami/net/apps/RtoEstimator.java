package io.kagami.net.apps;

/**
 * The retransmission timeout of one connection: RFC 6298's estimator of the smoothed round-trip time
 * and its variation (alpha 1/8, beta 1/4, K 4) with exponential backoff, bounded the way Linux bounds
 * it. Linux floors the variation term rather than the sum (net/ipv4/tcp_input.c, tcp_rtt_estimator
 * keeps rttvar at least TCP_RTO_MIN), so a LAN connection's RTO is about SRTT + 200 ms where RFC 6298
 * (2.4) would say at least 1 s. Left out: Linux's per-window smoothing of the variation (mdev_max)
 * and its finer gain when the RTT falls, the clock granularity G (virtual time is exact), and jiffies.
 * Samples follow Karn's rule: the caller gives none from a retransmitted segment.
 */
final class RtoEstimator {
    /** include/net/tcp.h TCP_TIMEOUT_FALLBACK; RFC 6298 section 5.7: the RTO after a handshake with no sample. */
    static final long FALLBACK_RTO = 3_000_000_000L;

    private final TcpSettings settings;
    private long srtt = -1;
    private long rttvar;
    private long rto;

    RtoEstimator(TcpSettings settings) {
        this.settings = settings;
        this.rto = settings.initialRto();
    }

    /** The current RTO, backoff included. */
    long rto() {
        return rto;
    }

    /** The smoothed round-trip time, or -1 before the first sample. */
    long srtt() {
        return srtt;
    }

    boolean hasSample() {
        return srtt >= 0;
    }

    /** A round-trip time measured on a segment sent once (RFC 6298 sections 2.2 and 2.3); ends any backoff. */
    void sample(long rtt) {
        if (srtt < 0) {
            srtt = rtt;
            rttvar = rtt / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4; // with the old SRTT, as 2.3 says
            srtt = (7 * srtt + rtt) / 8;
        }
        rto = Math.min(srtt + Math.max(4 * rttvar, settings.rtoMin()), settings.rtoMax());
    }

    /** The timer expired: double the RTO (RFC 6298 section 5.5), up to the maximum. */
    void backoff() {
        rto = Math.min(rto * 2, settings.rtoMax());
    }

    /** RFC 6298 section 5.7: the SYN was retransmitted and gave no sample, so data starts with 3 s. */
    void fallback() {
        rto = Math.min(FALLBACK_RTO, settings.rtoMax());
    }
}

package io.kagami.net.apps;

import io.kagami.core.VirtualTime;

/**
 * The Linux kernel's TCP numbers that decide when a connection retransmits and when it gives up, the
 * ones that shape a flow's outage during a failover, with the segment size and the window it
 * advertises. {@link #LINUX} holds the defaults; the sources are named next to each.
 *
 * @param synRetries     how many times a SYN is retransmitted before connect() fails with ETIMEDOUT
 * @param synackRetries  how many times a SYN-ACK is retransmitted before the half-open connection is dropped
 * @param retries2       how long an established connection retransmits before ETIMEDOUT, as a number of
 *                       doublings of {@code rtoMin} (see {@link #retries2Timeout()})
 * @param initialRto     the RTO before any round-trip time is measured
 * @param rtoMin         the least RTO
 * @param rtoMax         the greatest RTO, backoff included
 * @param timeWait       how long TIME_WAIT lasts
 * @param mss            the most data in one segment
 * @param window         the receive window advertised (unscaled, fixed: nothing here fills a buffer)
 * @param ttl            the TTL of the packets sent
 */
public record TcpSettings(int synRetries, int synackRetries, int retries2, long initialRto, long rtoMin, long rtoMax,
                          long timeWait, int mss, int window, int ttl) {

    public static final TcpSettings LINUX = new TcpSettings(
            // ip-sysctl.rst, tcp_syn_retries: 6, "63 seconds till the last retransmission with the current
            // initial RTO of 1 second", "the final timeout ... after 127 seconds". (Kernels from 6.5 add
            // tcp_syn_linear_timeouts, which the Ubuntu 14.04 kernel of the seed does not have.)
            6,
            // ip-sysctl.rst, tcp_synack_retries: 5, last retransmission at 31 s, the passive open times out at 63 s.
            5,
            // ip-sysctl.rst, tcp_retries2: 15, "a hypothetical timeout of 924.6 seconds".
            15,
            // include/net/tcp.h TCP_TIMEOUT_INIT (1*HZ), RFC 6298 section 2.1.
            VirtualTime.SECOND,
            // include/net/tcp.h TCP_RTO_MIN (HZ/5); RFC 6298 (2.4) says 1 s, Linux uses 200 ms.
            VirtualTime.millis(200),
            // include/net/tcp.h TCP_RTO_MAX (120*HZ); RFC 6298 (2.5) allows a maximum of at least 60 s.
            120 * VirtualTime.SECOND,
            // include/net/tcp.h TCP_TIMEWAIT_LEN (60*HZ).
            60 * VirtualTime.SECOND,
            // A 1500-byte MTU less 40 bytes of headers; a VM on a VXLAN project network (MTU 1450) has 1410.
            1460,
            // The largest window without window scaling (RFC 7323), which is left out.
            65535,
            // ip-sysctl.rst, ip_default_ttl: 64.
            64);

    public TcpSettings {
        atLeast("synRetries", synRetries, 0);
        atLeast("synackRetries", synackRetries, 0);
        atLeast("retries2", retries2, 0);
        atLeast("initialRto", initialRto, 1);
        atLeast("rtoMin", rtoMin, 1);
        if (rtoMax < rtoMin || rtoMax < initialRto) {
            throw new IllegalArgumentException("rtoMax " + VirtualTime.formatDuration(rtoMax)
                    + " is less than rtoMin or initialRto");
        }
        atLeast("timeWait", timeWait, 0);
        if (mss < 1 || mss > 65495) {
            throw new IllegalArgumentException("mss " + mss + " out of range 1..65495");
        }
        if (window < 1 || window > 0xFFFF) {
            throw new IllegalArgumentException("window " + window + " out of range 1..65535");
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " out of range 1..255");
        }
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
    }

    public TcpSettings withSynRetries(int n) {
        return new TcpSettings(n, synackRetries, retries2, initialRto, rtoMin, rtoMax, timeWait, mss, window, ttl);
    }

    public TcpSettings withRetries2(int n) {
        return new TcpSettings(synRetries, synackRetries, n, initialRto, rtoMin, rtoMax, timeWait, mss, window, ttl);
    }

    public TcpSettings withRtoMin(long nanos) {
        return new TcpSettings(synRetries, synackRetries, retries2, initialRto, nanos, rtoMax, timeWait, mss, window,
                ttl);
    }

    public TcpSettings withMss(int bytes) {
        return new TcpSettings(synRetries, synackRetries, retries2, initialRto, rtoMin, rtoMax, timeWait, bytes, window,
                ttl);
    }

    /**
     * How long after the first transmission of an unacknowledged segment an established connection
     * gives up: the time {@code retries2} retransmissions would take if the RTO started at
     * {@code rtoMin} and doubled up to {@code rtoMax} (net/ipv4/tcp_timer.c, retransmits_timed_out).
     * 924.6 s with the defaults; the connection times out at the first RTO expiry past it, so with a
     * real RTO above 200 ms it makes fewer than 15 retransmissions.
     */
    public long retries2Timeout() {
        int linearBackoffThreshold = 63 - Long.numberOfLeadingZeros(rtoMax / rtoMin); // ilog2
        if (retries2 <= linearBackoffThreshold) {
            return ((2L << retries2) - 1) * rtoMin;
        }
        return ((2L << linearBackoffThreshold) - 1) * rtoMin + (retries2 - linearBackoffThreshold) * rtoMax;
    }
}

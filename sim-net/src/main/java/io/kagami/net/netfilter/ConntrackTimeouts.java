package io.kagami.net.netfilter;

/**
 * Conntrack timeouts in seconds, one per {@code /proc/sys/net/netfilter/nf_conntrack_*_timeout*}
 * sysctl. {@link #KERNEL_DEFAULTS} are the defaults documented in the Linux kernel's
 * {@code Documentation/networking/nf_conntrack-sysctl.rst}; Neutron leaves them alone.
 *
 * @param tcpUnacknowledged the cap on an ESTABLISHED entry that has not seen a reply (a mid-stream
 *     pickup), {@code nf_conntrack_tcp_timeout_unacknowledged}
 * @param udpStream the timeout of a UDP flow that has seen replies for more than 2 s
 * @param generic the timeout of protocols without a tracker of their own (VRRP, for one)
 */
public record ConntrackTimeouts(
        int tcpSynSent,
        int tcpSynRecv,
        int tcpEstablished,
        int tcpFinWait,
        int tcpCloseWait,
        int tcpLastAck,
        int tcpTimeWait,
        int tcpClose,
        int tcpUnacknowledged,
        int udp,
        int udpStream,
        int icmp,
        int generic) {

    /** syn_sent 120, syn_recv 60, established 432000 (5 days), fin_wait 120, close_wait 60, last_ack 30,
     * time_wait 120, close 10, unacknowledged 300; udp 30, udp stream 120; icmp 30; generic 600. */
    public static final ConntrackTimeouts KERNEL_DEFAULTS =
            new ConntrackTimeouts(120, 60, 432_000, 120, 60, 30, 120, 10, 300, 30, 120, 30, 600);

    public ConntrackTimeouts {
        int[] all = {tcpSynSent, tcpSynRecv, tcpEstablished, tcpFinWait, tcpCloseWait, tcpLastAck, tcpTimeWait,
            tcpClose, tcpUnacknowledged, udp, udpStream, icmp, generic};
        for (int seconds : all) {
            if (seconds <= 0) {
                throw new IllegalArgumentException("conntrack timeout " + seconds + " s: must be positive");
            }
        }
    }
}

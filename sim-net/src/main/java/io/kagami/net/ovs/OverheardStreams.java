package io.kagami.net.ovs;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account a sender keeps of the frames it sent to receivers that only overheard them: a NIC, of the
 * floods on HA networks ({@code io.kagami.net.host.TunnelReceiveFilter}), and an external switch, of the
 * broadcasts that network nodes' provider bridges only learn from ({@link OverhearingFilter}). Per stream
 * (VNI, 0 off a tunnel, and source MAC) and receiver (the sender's port towards it): when the receiver's
 * br-tun installed the flow it learned from them and when the latest arrived.
 * Arrival times are the receiver's (the NIC's queue and the wire's latency included), so the latest
 * frames may still be on their way at the time of a report, which counts only those that arrived
 * before it. A flood's copies to several receivers share their stream's entry.
 */
public final class OverheardStreams {

    private static final long HARD_TIMEOUT = NeutronFlows.LEARNED_HARD_TIMEOUT * VirtualTime.SECOND;

    /** One stream: per port, its arrivals up to the last send (-1: none), and those still on their way. */
    private static final class Stream {
        final int vni;
        final MacAddress src;
        final long[] first;
        final long[] last;
        /** Pairs of (port, arrival) in the order sent. */
        long[] onTheWay = new long[8];
        int onTheWayLength;

        Stream(int vni, MacAddress src, int ports) {
            this.vni = vni;
            this.src = src;
            this.first = new long[ports];
            this.last = new long[ports];
            Arrays.fill(first, -1);
            Arrays.fill(last, -1);
        }

        /**
         * The first arrival of the learned flow once {@code arrival} follows {@code first} and {@code last}
         * (-1: none): br-tun's learned flow expires strictly after its hard timeout, and the next frame
         * installs a new one.
         */
        private static long firstAfter(long first, long last, long arrival) {
            return first < 0 || arrival > last + HARD_TIMEOUT ? arrival : first;
        }

        void send(int port, long now, long arrival) {
            int kept = 0;
            for (int i = 0; i < onTheWayLength; i += 2) {
                if (onTheWay[i + 1] <= now) {
                    int p = (int) onTheWay[i];
                    first[p] = firstAfter(first[p], last[p], onTheWay[i + 1]);
                    last[p] = onTheWay[i + 1];
                } else {
                    onTheWay[kept++] = onTheWay[i];
                    onTheWay[kept++] = onTheWay[i + 1];
                }
            }
            if (kept + 2 > onTheWay.length) {
                onTheWay = Arrays.copyOf(onTheWay, onTheWay.length * 2);
            }
            onTheWay[kept++] = port;
            onTheWay[kept++] = arrival;
            onTheWayLength = kept;
        }

        /** The stream as the receiver on {@code port} had it before {@code time}, null if nothing had arrived. */
        OverheardStream before(Ipv4Address sender, int port, long time) {
            long f = first[port];
            long l = last[port];
            for (int i = 0; i < onTheWayLength; i += 2) {
                if (onTheWay[i] == port && onTheWay[i + 1] < time) {
                    f = firstAfter(f, l, onTheWay[i + 1]);
                    l = onTheWay[i + 1];
                }
            }
            return l < 0 ? null : new OverheardStream(sender, vni, src, f, l);
        }
    }

    private record Key(int vni, long src) {}

    /** The sender's tunnel address, as the receivers' tunnel ports name it; null off a tunnel. */
    private final Ipv4Address sender;
    private final int ports;
    private final Map<Key, Stream> streams = new HashMap<>();
    private final boolean[] heardOn;
    /** The stream of the last send: the copies of one flood come one after the other. */
    private Stream lastStream;

    public OverheardStreams(Ipv4Address sender, int ports) {
        this.sender = sender;
        this.ports = ports;
        this.heardOn = new boolean[ports];
    }

    /**
     * One more frame of {@code vni} from {@code src} to the receiver on {@code port}, sent at {@code now},
     * arriving at {@code arrival}.
     */
    public void sent(int port, int vni, MacAddress src, long now, long arrival) {
        Stream s = lastStream;
        if (s == null || s.vni != vni || !s.src.equals(src)) {
            Key key = new Key(vni, src.bits());
            s = streams.get(key);
            if (s == null) {
                s = new Stream(vni, src, ports);
                streams.put(key, s);
            }
            lastStream = s;
        }
        s.send(port, now, arrival);
        heardOn[port] = true;
    }

    /** Whether the receiver on {@code port} overheard anything. */
    public boolean any(int port) {
        return heardOn[port];
    }

    /**
     * What had arrived at the receiver on {@code port} before {@code time} (no earlier than the last send),
     * by VNI and MAC.
     */
    public List<OverheardStream> before(int port, long time) {
        List<OverheardStream> heard = new ArrayList<>();
        for (Stream s : streams.values()) {
            OverheardStream a = s.before(sender, port, time);
            if (a != null) {
                heard.add(a);
            }
        }
        heard.sort(Comparator.comparingInt(OverheardStream::vni).thenComparing(OverheardStream::src));
        return heard;
    }
}

package io.kagami.net.host;

import io.kagami.core.VirtualTime;
import io.kagami.net.ovs.NeutronFlows;
import io.kagami.net.ovs.OverheardAdvert;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account a NIC keeps of the adverts it sent one receiver that only overheard them
 * ({@link TunnelReceiveFilter}): per stream (VNI, source MAC), when the receiver's br-tun installed the
 * flow it learned from them and when the latest arrived. Arrival times are the receiver's (the NIC's
 * queue and the wire's latency included), so the latest adverts may still be on their way at the time of
 * a report, which counts only those that arrived before it.
 */
final class OverheardAdverts {

    private static final long HARD_TIMEOUT = NeutronFlows.LEARNED_HARD_TIMEOUT * VirtualTime.SECOND;

    /** One stream: its arrivals up to the last send, and those after it, in order. */
    private static final class Stream {
        final int vni;
        final MacAddress src;
        long first = -1;
        long last = -1;
        long[] inFlight = new long[1];
        int inFlightCount;

        Stream(int vni, MacAddress src) {
            this.vni = vni;
            this.src = src;
        }

        /** br-tun's learned flow expires strictly after its hard timeout: the next advert installs a new one. */
        private void arrive(long arrival) {
            if (first < 0 || arrival > last + HARD_TIMEOUT) {
                first = arrival;
            }
            last = arrival;
        }

        void send(long now, long arrival) {
            int landed = 0;
            while (landed < inFlightCount && inFlight[landed] <= now) {
                arrive(inFlight[landed++]);
            }
            System.arraycopy(inFlight, landed, inFlight, 0, inFlightCount - landed);
            inFlightCount -= landed;
            if (inFlightCount == inFlight.length) {
                inFlight = Arrays.copyOf(inFlight, inFlightCount * 2);
            }
            inFlight[inFlightCount++] = arrival;
        }

        /** The stream as the receiver had it before {@code time}, null if nothing had arrived. */
        OverheardAdvert before(Ipv4Address sender, long time) {
            Stream s = new Stream(vni, src);
            s.first = first;
            s.last = last;
            for (int i = 0; i < inFlightCount && inFlight[i] < time; i++) {
                s.arrive(inFlight[i]);
            }
            return s.last < 0 ? null : new OverheardAdvert(sender, vni, src, s.first, s.last);
        }
    }

    /** The sender's tunnel address, as the receiver's tunnel port names it. */
    private final Ipv4Address sender;
    private final Map<Key, Stream> streams = new HashMap<>();

    private record Key(int vni, long src) {}

    OverheardAdverts(Ipv4Address sender) {
        this.sender = sender;
    }

    /** One more advert of {@code vni} from {@code src}, sent at {@code now}, arriving at {@code arrival}. */
    void sent(int vni, MacAddress src, long now, long arrival) {
        streams.computeIfAbsent(new Key(vni, src.bits()), k -> new Stream(vni, src)).send(now, arrival);
    }

    /** What had arrived before {@code time}, no earlier than the last send, by VNI and MAC. */
    List<OverheardAdvert> before(long time) {
        List<OverheardAdvert> heard = new ArrayList<>();
        for (Stream s : streams.values()) {
            OverheardAdvert a = s.before(sender, time);
            if (a != null) {
                heard.add(a);
            }
        }
        heard.sort(Comparator.comparingInt(OverheardAdvert::vni).thenComparing(OverheardAdvert::src));
        return heard;
    }
}

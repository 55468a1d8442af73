package io.kagami.net.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.MacAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account a NIC keeps of what one receiver overheard: arrivals, the learned flow's start, reports. */
class OverheardStreamsTest {
    private static final long S = VirtualTime.SECOND;
    private static final Ipv4Address SENDER = Ipv4Address.parse("10.0.0.7");
    private static final MacAddress A = MacAddress.parse("fa:16:3e:00:00:0a");
    private static final MacAddress B = MacAddress.parse("fa:16:3e:00:00:0b");
    private static final long LATENCY = 50_000;
    private static final int PORT = 1;

    private final OverheardStreams account = new OverheardStreams(SENDER, 2);

    private void send(int vni, MacAddress src, long at) {
        account.sent(PORT, vni, src, at, at + LATENCY);
    }

    @Test
    void eachStreamKeepsItsFirstAndLatestArrival() {
        for (long t = 0; t <= 10 * S; t += 2 * S) {
            send(5, A, t);
        }
        send(5, B, 3 * S);
        send(6, A, 4 * S);
        assertEquals(List.of(
                new OverheardStream(SENDER, 5, A, LATENCY, 10 * S + LATENCY),
                new OverheardStream(SENDER, 5, B, 3 * S + LATENCY, 3 * S + LATENCY),
                new OverheardStream(SENDER, 6, A, 4 * S + LATENCY, 4 * S + LATENCY)), account.before(PORT, 11 * S));
    }

    @Test
    void aReportLeavesOutWhatHasNotArrivedYet() {
        send(5, A, 0);
        send(5, A, 2 * S);
        assertEquals(List.of(new OverheardStream(SENDER, 5, A, LATENCY, LATENCY)), account.before(PORT, 2 * S + LATENCY),
                "an advert arriving at the report's time arrives after it");
        OverheardStreams fresh = new OverheardStreams(SENDER, 2);
        fresh.sent(PORT, 5, A, 0, LATENCY);
        assertEquals(List.of(), fresh.before(PORT, LATENCY - 1));
    }

    @Test
    void severalAdvertsMayBeOnTheWay() {
        // a NIC holding frames 5 s (netem): three adverts in flight at once
        for (long t = 0; t <= 6 * S; t += 2 * S) {
            account.sent(PORT, 5, A, t, t + 5 * S);
        }
        assertEquals(List.of(new OverheardStream(SENDER, 5, A, 5 * S, 7 * S)), account.before(PORT, 8 * S));
        assertEquals(List.of(new OverheardStream(SENDER, 5, A, 5 * S, 11 * S)), account.before(PORT, 12 * S));
    }

    @Test
    void eachReceiverHasItsOwnAccount() {
        send(5, A, 0);
        account.sent(0, 5, A, 2 * S, 2 * S + LATENCY);
        assertEquals(List.of(new OverheardStream(SENDER, 5, A, LATENCY, LATENCY)), account.before(PORT, 3 * S));
        assertEquals(List.of(new OverheardStream(SENDER, 5, A, 2 * S + LATENCY, 2 * S + LATENCY)), account.before(0, 3 * S));
    }

    @Test
    void aGapLongerThanTheHardTimeoutStartsANewFlow() {
        send(5, A, 0);
        send(5, A, 300 * S);
        assertEquals(LATENCY, account.before(PORT, 400 * S).get(0).firstHeard(), "300 s after: the flow has not expired yet");
        send(5, A, 600 * S + 1);
        assertEquals(600 * S + 1 + LATENCY, account.before(PORT, 700 * S).get(0).firstHeard(), "expired strictly after 300 s");
    }
}

package io.kagami.net.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One connection driven by hand, segment by segment, without a kernel. */
class TcpConnectionTest {
    private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
    private static final TcpFlow FLOW = new TcpFlow(A, 40000, B, 22);
    private static final int ACK = TcpSegment.ACK;
    private static final byte[] NONE = new byte[0];

    /** The owner of the connection: a clock, the segments sent, the timers, what the application was told. */
    private static final class Owner implements TcpConnection.Owner {
        long now;
        final List<TcpSegment> sent = new ArrayList<>();
        final Map<TcpTimer.Kind, Long> timers = new TreeMap<>();
        final List<String> told = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();

        @Override
        public long now() {
            return now;
        }

        @Override
        public void transmit(Ipv4Packet packet) {
            assertEquals(A, packet.src());
            assertEquals(B, packet.dst());
            assertTrue(packet.dontFragment());
            sent.add((TcpSegment) packet.payload());
        }

        @Override
        public void startTimer(TcpTimer timer, long delay) {
            assertEquals(FLOW, timer.flow());
            timers.put(timer.kind(), now + delay);
        }

        @Override
        public void cancelTimer(TcpTimer timer) {
            timers.remove(timer.kind());
        }

        @Override
        public void established(TcpConnection c) {
            told.add("established");
        }

        @Override
        public void received(TcpConnection c, byte[] bytes) {
            told.add("received " + bytes.length);
            data.add(bytes);
        }

        @Override
        public void peerClosed(TcpConnection c) {
            told.add("peer closed");
        }

        @Override
        public void retransmitted(TcpConnection c, TcpRetransmitted r) {
            told.add(r.segment() + " #" + r.attempt());
        }

        @Override
        public void ended(TcpConnection c, TcpCloseReason reason) {
            told.add("ended " + reason.name());
        }

        TcpSegment last() {
            return sent.get(sent.size() - 1);
        }

        /** Moves the clock to the retransmission timer and fires it. */
        void expire(TcpConnection c) {
            now = timers.remove(TcpTimer.Kind.RETRANSMIT);
            c.onTimer(this, TcpTimer.Kind.RETRANSMIT);
        }
    }

    private static TcpSegment from(long seq, long ack, int flags, byte[] data) {
        return TcpSegment.of(22, 40000, seq, ack, flags, 65535, data);
    }

    private static long add(long seq, long n) {
        return (seq + n) & 0xFFFF_FFFFL;
    }

    /** An established connection, ours starting at {@code iss}, the peer's at {@code irs}. */
    private static TcpConnection established(Owner o, long iss, long irs) {
        TcpConnection c = TcpConnection.connect(o, FLOW, iss, TcpSettings.LINUX);
        o.now = VirtualTime.millis(10);
        c.onSegment(o, from(irs, add(iss, 1), TcpSegment.SYN | ACK, NONE));
        assertEquals(TcpState.ESTABLISHED, c.state());
        return c;
    }

    @Test
    void sequenceNumbersWrapAroundTwoToThe32() {
        Owner o = new Owner();
        long iss = 0xFFFF_FFF0L;
        long irs = 0xFFFF_FFFEL;
        TcpConnection c = established(o, iss, irs);
        c.write(o, new byte[10]);
        c.write(o, new byte[10]); // sent at once: no Nagle
        assertEquals(0xFFFF_FFF1L, o.sent.get(2).seq());
        assertEquals(0xFFFF_FFFBL, o.sent.get(3).seq());
        assertEquals(0xFFFF_FFFFL, o.sent.get(3).ack());
        c.onSegment(o, from(0xFFFF_FFFFL, 0x5L, ACK, new byte[5])); // acknowledges both, across the wrap
        assertEquals(List.of("established", "received 5"), o.told);
        assertEquals(0x4L, o.last().ack());
        assertTrue(!o.timers.containsKey(TcpTimer.Kind.RETRANSMIT), "nothing left to acknowledge");
    }

    @Test
    void aResetOutsideTheExpectedSequenceNumberGetsAChallengeAckAndOnlyAnExactOneResets() {
        Owner o = new Owner();
        TcpConnection c = established(o, 1000, 5000);
        int before = o.sent.size();
        c.onSegment(o, from(5002, 0, TcpSegment.RST, NONE)); // in the window but not rcv_nxt (5001)
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(before + 1, o.sent.size());
        assertEquals(ACK, o.last().flags());
        assertEquals(5001, o.last().ack());
        c.onSegment(o, from(80000, 0, TcpSegment.RST, NONE)); // outside the window: ignored
        assertEquals(before + 1, o.sent.size());
        c.onSegment(o, from(5001, 0, TcpSegment.RST, NONE));
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals("ended RESET", o.told.get(o.told.size() - 1));
        assertEquals(before + 1, o.sent.size(), "a RST is never answered");
    }

    @Test
    void aSynOnAnOpenConnectionGetsAChallengeAck() {
        Owner o = new Owner();
        TcpConnection c = established(o, 1000, 5000);
        c.onSegment(o, from(9000, 0, TcpSegment.SYN, NONE));
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(ACK, o.last().flags());
        assertEquals(1001, o.last().seq());
        assertEquals(5001, o.last().ack());
    }

    @Test
    void dataAlreadyReceivedIsAcknowledgedAgainButNotDeliveredTwiceAndOutOfOrderDataIsDropped() {
        Owner o = new Owner();
        TcpConnection c = established(o, 1000, 5000);
        c.onSegment(o, from(5001, 1001, ACK | TcpSegment.PSH, new byte[] {1, 2, 3}));
        c.onSegment(o, from(5001, 1001, ACK | TcpSegment.PSH, new byte[] {1, 2, 3})); // its ACK was lost
        assertEquals(List.of("established", "received 3"), o.told);
        assertEquals(5004, o.last().ack());
        c.onSegment(o, from(5010, 1001, ACK | TcpSegment.PSH, new byte[] {9})); // 5004..5009 missing
        assertEquals(5004, o.last().ack(), "duplicate ACK");
        c.onSegment(o, from(5002, 1001, ACK | TcpSegment.PSH, new byte[] {2, 3, 4, 5})); // overlaps: 4, 5 are new
        assertEquals(List.of("established", "received 3", "received 2"), o.told);
        assertEquals(4, o.data.get(1)[0]);
        assertEquals(5006, o.last().ack());
        assertEquals(5, c.bytesReceived());
    }

    @Test
    void aSynAckWithAWrongAckIsAnsweredWithAReset() {
        Owner o = new Owner();
        TcpConnection c = TcpConnection.connect(o, FLOW, 1000, TcpSettings.LINUX);
        c.onSegment(o, from(5000, 77, TcpSegment.SYN | ACK, NONE));
        assertEquals(TcpState.SYN_SENT, c.state());
        assertEquals(TcpSegment.RST, o.last().flags());
        assertEquals(77, o.last().seq());
    }

    @Test
    void aPassiveOpenResendsItsSynAckForADuplicateSynAndGivesUpAfterTcpSynackRetries() {
        Owner o = new Owner();
        TcpSegment syn = TcpSegment.of(22, 40000, 5000, 0, TcpSegment.SYN, 65535, NONE);
        TcpConnection c = TcpConnection.accept(o, FLOW, syn, 1000, TcpSettings.LINUX);
        assertEquals(TcpState.SYN_RECEIVED, c.state());
        assertEquals(TcpSegment.SYN | ACK, o.last().flags());
        assertEquals(5001, o.last().ack());
        c.onSegment(o, syn);
        assertEquals(2, o.sent.size());
        assertEquals(o.sent.get(0), o.sent.get(1));
        List<Long> expiries = new ArrayList<>();
        while (!c.isClosed()) {
            o.expire(c);
            expiries.add(o.now);
        }
        // ip-sysctl tcp_synack_retries 5: retransmissions at 1, 3, 7, 15, 31 s, timeout at 63 s.
        assertEquals(List.of(1L, 3L, 7L, 15L, 31L, 63L), expiries.stream().map(t -> t / VirtualTime.SECOND).toList());
        assertEquals(7, o.sent.size(), "no RST when a half-open connection is dropped");
        assertEquals("ended TIMED_OUT", o.told.get(o.told.size() - 1));
    }

    @Test
    void dataWrittenDuringATimeoutRecoveryWaitsAndGoesOutCoalescedAfterTheAck() {
        Owner o = new Owner();
        TcpConnection c = established(o, 1000, 5000);
        c.write(o, new byte[36]);
        o.expire(c); // RTO 210 ms (10 ms + TCP_RTO_MIN) expires: the keystroke is resent
        assertEquals(List.of("established", "data #1"), o.told);
        int before = o.sent.size();
        c.write(o, new byte[36]);
        c.write(o, new byte[36]);
        assertEquals(before, o.sent.size(), "held while recovering");
        o.now += VirtualTime.millis(5);
        c.onSegment(o, from(5001, 1037, ACK, NONE));
        assertEquals(before + 1, o.sent.size());
        assertEquals(1037, o.last().seq());
        assertEquals(72, o.last().data().length);
    }

    @Test
    void closingSendsAFinAndTheConnectionEndsWhenBothFinsAreAcknowledged() {
        Owner o = new Owner();
        TcpConnection c = established(o, 1000, 5000);
        c.close(o);
        assertEquals(TcpState.FIN_WAIT_1, c.state());
        assertEquals(TcpSegment.FIN | ACK, o.last().flags());
        c.onSegment(o, from(5001, 1002, ACK, NONE));
        assertEquals(TcpState.FIN_WAIT_2, c.state());
        c.onSegment(o, from(5001, 1002, TcpSegment.FIN | ACK, NONE));
        assertEquals(TcpState.TIME_WAIT, c.state());
        assertEquals(5002, o.last().ack());
        assertEquals("ended CLOSED", o.told.get(o.told.size() - 1));
        assertEquals(VirtualTime.millis(10) + 60 * VirtualTime.SECOND, o.timers.get(TcpTimer.Kind.TIME_WAIT));
        int before = o.sent.size();
        c.onSegment(o, from(5001, 1002, TcpSegment.FIN | ACK, NONE)); // our last ACK was lost
        assertEquals(before + 1, o.sent.size());
        assertEquals(5002, o.last().ack());
        c.onTimer(o, TcpTimer.Kind.TIME_WAIT);
        assertTrue(c.isClosed());
        assertThrows(IllegalStateException.class, () -> c.write(o, new byte[1]));
    }
}

package io.kagami.net.apps;

import io.kagami.net.packet.Ipv4Packet;
import io.kagami.net.packet.TcpSegment;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * One endpoint of a TCP connection, as Linux runs it where it matters for a flow crossing a failover:
 * <ul>
 * <li>active open: a SYN retransmitted after 1, 2, 4... s (initial RTO 1 s, doubling), connect()
 *     failing with ETIMEDOUT after tcp_syn_retries retransmissions, with ECONNREFUSED on a RST;</li>
 * <li>passive open (the server application creates the connection for a SYN): SYN-ACK retried
 *     tcp_synack_retries times, then the half-open connection is silently dropped;</li>
 * <li>data both ways with sequence and acknowledgement numbers; an RFC 6298 retransmission timer with
 *     Linux's bounds ({@link RtoEstimator}) and exponential backoff; Karn's rule (no RTT sample from a
 *     retransmitted segment); give-up with ETIMEDOUT after tcp_retries2 as Linux counts it
 *     ({@link TcpSettings#retries2Timeout()});</li>
 * <li>after a timeout only the oldest segment is resent and new data is held, as Linux's loss state
 *     with a congestion window of one does; when it is acknowledged, the rest is resent at once
 *     (go-back-N) and held writes go out coalesced into one segment;</li>
 * <li>FIN close both ways, TIME_WAIT for TCP_TIMEWAIT_LEN;</li>
 * <li>a RST with the expected sequence number ends the connection (ECONNRESET); one elsewhere in the
 *     window, or a SYN, gets a challenge ACK (RFC 5961, as Linux); an unacceptable segment is answered
 *     with an ACK (RFC 9293).</li>
 * </ul>
 * Left out: congestion control and fast retransmit, SACK, timestamps (so Karn's rule applies where
 * Linux would still sample), window scaling, MSS negotiation (no options on the wire), Nagle, delayed
 * ACKs (every segment that brings data or a FIN is acknowledged in the same event, on the reply if the
 * application wrote one, else in a pure ACK), an out-of-order queue (such segments are dropped and
 * acknowledged again), zero-window probes and keepalive, simultaneous open, tcp_retries1's route
 * re-validation, urgent data.
 *
 * <p>A connection is not an entity: the application entity that owns it passes an {@link Owner} to
 * every call, valid for that call only (the entity's context during one event), through which the
 * connection sends packets, sets its timers and tells the application what happened.
 */
public final class TcpConnection {

    /** What the owning application gives a connection for the duration of one call. */
    public interface Owner {

        /** The virtual time now. */
        long now();

        /** Sends a packet into the namespace. */
        void transmit(Ipv4Packet packet);

        /** Starts (or restarts) the timer; when it fires the owner calls {@link #onTimer}. */
        void startTimer(TcpTimer timer, long delay);

        void cancelTimer(TcpTimer timer);

        /** The handshake completed. */
        default void established(TcpConnection connection) {}

        /** New in-order data arrived (already acknowledged if nothing is written in reply). */
        default void received(TcpConnection connection, byte[] data) {}

        /** The peer sent a FIN: it will send nothing more (read() returns 0). */
        default void peerClosed(TcpConnection connection) {}

        /** The retransmission timer expired and a segment was resent. */
        default void retransmitted(TcpConnection connection, TcpRetransmitted retransmission) {}

        /** The connection ended for the application; called once. TIME_WAIT may follow. */
        default void ended(TcpConnection connection, TcpCloseReason reason) {}
    }

    private static final byte[] NO_DATA = new byte[0];

    /** Data, SYN or FIN in the send queue: what Linux keeps as one skb. */
    private static final class Chunk {
        long seq;
        byte[] data;
        final int flags;
        boolean sent;
        long firstSentAt = -1;
        boolean retransmitted;

        Chunk(long seq, byte[] data, int flags) {
            this.seq = seq;
            this.data = data;
            this.flags = flags;
        }

        int length() {
            return data.length + ((flags & TcpSegment.SYN) != 0 ? 1 : 0) + ((flags & TcpSegment.FIN) != 0 ? 1 : 0);
        }

        long end() {
            return TcpSeq.add(seq, length());
        }

        String kind(TcpState state) {
            if ((flags & TcpSegment.SYN) != 0) {
                return state == TcpState.SYN_SENT ? "SYN" : "SYN-ACK";
            }
            return data.length > 0 ? "data" : "FIN";
        }
    }

    private final TcpFlow flow;
    private final TcpSettings settings;
    private final RtoEstimator rto;
    private final TcpTimer retransmitTimer;
    private final TcpTimer timeWaitTimer;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();

    private TcpState state;
    private final long iss;
    private long sndUna;
    private long sndNxt;
    /** The sequence number the next byte written will take. */
    private long writeSeq;
    private int sndWnd;
    private long irs;
    private long rcvNxt;
    /** icsk_retransmits: timer expiries since the last forward progress. */
    private int retransmits;
    /** retrans_stamp: when the segment being retransmitted was first sent, or -1. */
    private long retransStamp = -1;
    /** After a timeout, until forward progress: resend nothing but the oldest segment, hold new data. */
    private boolean recovering;
    private boolean rtoArmed;
    private boolean ackPending;
    private boolean ended;
    private long bytesReceived;
    private long bytesSent;

    private TcpConnection(TcpFlow flow, TcpSettings settings, TcpState state, long iss) {
        this.flow = Objects.requireNonNull(flow, "flow");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rto = new RtoEstimator(settings);
        this.retransmitTimer = new TcpTimer(flow, TcpTimer.Kind.RETRANSMIT);
        this.timeWaitTimer = new TcpTimer(flow, TcpTimer.Kind.TIME_WAIT);
        this.state = state;
        if (iss < 0 || iss > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("initial sequence number " + iss + " out of range 0..2^32-1");
        }
        this.iss = iss;
        this.sndUna = iss;
        this.sndNxt = iss;
        this.writeSeq = TcpSeq.add(iss, 1);
        this.sndWnd = settings.window();
        queue.add(new Chunk(iss, NO_DATA, TcpSegment.SYN));
    }

    /** Active open: sends a SYN with initial sequence number {@code iss} (draw it from the entity's random stream). */
    public static TcpConnection connect(Owner owner, TcpFlow flow, long iss, TcpSettings settings) {
        TcpConnection c = new TcpConnection(flow, settings, TcpState.SYN_SENT, iss);
        c.pushPending(owner);
        return c;
    }

    /**
     * Passive open: answers {@code syn}, received on {@code flow}'s local port, with a SYN-ACK.
     *
     * @throws IllegalArgumentException if {@code syn} is not a SYN without ACK or RST
     */
    public static TcpConnection accept(Owner owner, TcpFlow flow, TcpSegment syn, long iss, TcpSettings settings) {
        if ((syn.flags() & (TcpSegment.SYN | TcpSegment.ACK | TcpSegment.RST)) != TcpSegment.SYN) {
            throw new IllegalArgumentException("a connection is accepted for a SYN, got " + syn);
        }
        TcpConnection c = new TcpConnection(flow, settings, TcpState.SYN_RECEIVED, iss);
        c.irs = syn.seq();
        c.rcvNxt = TcpSeq.add(syn.seq(), 1);
        c.sndWnd = syn.window();
        c.pushPending(owner);
        return c;
    }

    public TcpFlow flow() {
        return flow;
    }

    public TcpState state() {
        return state;
    }

    /** Whether the connection is gone (its owner may forget it). */
    public boolean isClosed() {
        return state == TcpState.CLOSED;
    }

    /** The retransmission timeout now, backoff included. */
    public long rto() {
        return rto.rto();
    }

    /** The smoothed round-trip time, or -1 before the first sample. */
    public long srtt() {
        return rto.srtt();
    }

    /** Bytes of data delivered to the application. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Bytes of data the application wrote. */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * Writes data, sent at once unless the connection is recovering from a timeout or the peer's
     * window is full (then it waits, coalesced with other waiting data up to the MSS).
     *
     * @throws IllegalStateException unless the connection is ESTABLISHED or CLOSE_WAIT
     */
    public void write(Owner owner, byte[] data) {
        if (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT) {
            throw new IllegalStateException("write on a connection in " + state + ": " + flow);
        }
        bytesSent += data.length;
        int offset = 0;
        Chunk tail = queue.peekLast();
        if (tail != null && !tail.sent && tail.flags == 0 && tail.data.length < settings.mss()) {
            int n = Math.min(settings.mss() - tail.data.length, data.length);
            byte[] merged = Arrays.copyOf(tail.data, tail.data.length + n);
            System.arraycopy(data, 0, merged, tail.data.length, n);
            tail.data = merged;
            offset = n;
        }
        while (offset < data.length) {
            int n = Math.min(settings.mss(), data.length - offset);
            queue.add(new Chunk(writeSeq, Arrays.copyOfRange(data, offset, offset + n), 0));
            offset += n;
        }
        writeSeq = TcpSeq.add(writeSeq, data.length);
        pushPending(owner);
    }

    /**
     * Closes the sending side, as close() does: a FIN after the data written. Before the handshake
     * completes the connection is simply dropped. Closing twice does nothing.
     */
    public void close(Owner owner) {
        switch (state) {
            case SYN_SENT, SYN_RECEIVED -> terminate(owner, TcpCloseReason.CLOSED);
            case ESTABLISHED, CLOSE_WAIT -> {
                state = state == TcpState.ESTABLISHED ? TcpState.FIN_WAIT_1 : TcpState.LAST_ACK;
                queue.add(new Chunk(writeSeq, NO_DATA, TcpSegment.FIN));
                writeSeq = TcpSeq.add(writeSeq, 1);
                pushPending(owner);
            }
            default -> { }
        }
    }

    /** A segment of this connection arrived (the owner matched its four numbers). */
    public void onSegment(Owner owner, TcpSegment segment) {
        switch (state) {
            case CLOSED -> { }
            case SYN_SENT -> synSent(owner, segment);
            case SYN_RECEIVED -> synReceived(owner, segment);
            default -> synchronised(owner, segment);
        }
        // As tcp_rcv_established: new data goes out after the segment's own data was taken (so it
        // acknowledges that too), and an ACK only if nothing else carried it.
        pushPending(owner);
        if (ackPending && state != TcpState.CLOSED) {
            sendAck(owner);
        }
    }

    /** One of this connection's timers fired. */
    public void onTimer(Owner owner, TcpTimer.Kind kind) {
        if (kind == TcpTimer.Kind.TIME_WAIT) {
            if (state == TcpState.TIME_WAIT) {
                state = TcpState.CLOSED;
            }
            return;
        }
        rtoArmed = false;
        Chunk head = queue.peekFirst();
        if (head == null || !head.sent || state == TcpState.CLOSED) {
            return;
        }
        if (givesUp(owner.now())) {
            terminate(owner, TcpCloseReason.TIMED_OUT);
            return;
        }
        // net/ipv4/tcp_timer.c, tcp_retransmit_timer: resend the head, count, double the RTO, re-arm.
        if (retransStamp < 0) {
            retransStamp = head.firstSentAt;
        }
        if (state.synchronised()) {
            recovering = true;
        }
        head.retransmitted = true;
        transmit(owner, head);
        retransmits++;
        rto.backoff();
        armRto(owner);
        owner.retransmitted(this, new TcpRetransmitted(flow, head.kind(state), head.seq, retransmits, rto.rto()));
    }

    private boolean givesUp(long now) {
        // tcp_write_timeout: the handshake counts retransmissions; an open connection counts time since
        // the first transmission of the oldest unacknowledged segment (retransmits_timed_out).
        return switch (state) {
            case SYN_SENT -> retransmits >= settings.synRetries();
            case SYN_RECEIVED -> retransmits >= settings.synackRetries();
            default -> retransmits > 0 && now - retransStamp >= settings.retries2Timeout();
        };
    }

    private void synSent(Owner owner, TcpSegment seg) {
        boolean ack = has(seg, TcpSegment.ACK);
        if (ack && (TcpSeq.le(seg.ack(), iss) || TcpSeq.lt(sndNxt, seg.ack()))) {
            if (!has(seg, TcpSegment.RST)) {
                emit(owner, seg.ack(), TcpSegment.RST, NO_DATA);
            }
            return;
        }
        if (has(seg, TcpSegment.RST)) {
            if (ack) {
                terminate(owner, TcpCloseReason.REFUSED);
            }
            return;
        }
        if (!has(seg, TcpSegment.SYN) || !ack) {
            return; // a SYN without ACK would be a simultaneous open, left out
        }
        irs = seg.seq();
        rcvNxt = TcpSeq.add(seg.seq(), 1);
        sndWnd = seg.window();
        state = TcpState.ESTABLISHED;
        acknowledge(owner, seg.ack());
        if (!rto.hasSample()) {
            rto.fallback();
        }
        ackPending = true;
        owner.established(this);
    }

    private void synReceived(Owner owner, TcpSegment seg) {
        if (has(seg, TcpSegment.RST)) {
            if (seg.seq() == rcvNxt) {
                terminate(owner, TcpCloseReason.RESET);
            }
            return;
        }
        if (has(seg, TcpSegment.SYN) && !has(seg, TcpSegment.ACK)) {
            if (seg.seq() == irs) {
                transmit(owner, queue.peekFirst()); // the client resent its SYN: our SYN-ACK was lost
            }
            return;
        }
        if (!has(seg, TcpSegment.ACK)) {
            return;
        }
        if (!(TcpSeq.lt(sndUna, seg.ack()) && TcpSeq.le(seg.ack(), sndNxt))) {
            emit(owner, seg.ack(), TcpSegment.RST, NO_DATA);
            return;
        }
        state = TcpState.ESTABLISHED;
        acknowledge(owner, seg.ack());
        sndWnd = seg.window();
        owner.established(this);
        if (state == TcpState.ESTABLISHED) {
            receive(owner, seg);
        }
    }

    private void synchronised(Owner owner, TcpSegment seg) {
        byte[] data = seg.data();
        int length = data.length + (has(seg, TcpSegment.FIN) ? 1 : 0);
        if (!acceptable(seg.seq(), length)) {
            if (!has(seg, TcpSegment.RST)) {
                ackPending = true;
            }
            return;
        }
        if (has(seg, TcpSegment.RST)) {
            if (seg.seq() == rcvNxt) {
                terminate(owner, TcpCloseReason.RESET);
            } else {
                ackPending = true; // RFC 5961 section 3.2: challenge ACK
            }
            return;
        }
        if (has(seg, TcpSegment.SYN)) {
            ackPending = true; // RFC 5961 section 4.2: challenge ACK
            return;
        }
        if (!has(seg, TcpSegment.ACK)) {
            return;
        }
        if (TcpSeq.lt(sndNxt, seg.ack())) {
            ackPending = true; // acknowledges something not yet sent
            return;
        }
        if (TcpSeq.lt(sndUna, seg.ack())) {
            acknowledge(owner, seg.ack());
        }
        if (seg.ack() == sndUna) {
            sndWnd = seg.window();
        }
        if (state != TcpState.CLOSED) {
            receive(owner, seg);
        }
    }

    /** The data and FIN of an acceptable segment whose ACK has been processed. */
    private void receive(Owner owner, TcpSegment seg) {
        byte[] data = seg.data();
        boolean receiving = state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
        long offset = TcpSeq.diff(rcvNxt, seg.seq());
        if (offset < 0) {
            if (data.length > 0 || has(seg, TcpSegment.FIN)) {
                ackPending = true; // out of order: dropped, acknowledged again
            }
            return;
        }
        if (data.length > 0) {
            ackPending = true;
            if (receiving && offset < data.length) {
                byte[] fresh = offset == 0 ? data : Arrays.copyOfRange(data, (int) offset, data.length);
                rcvNxt = TcpSeq.add(rcvNxt, fresh.length);
                bytesReceived += fresh.length;
                owner.received(this, fresh);
                if (state == TcpState.CLOSED) {
                    return;
                }
            }
        }
        if (has(seg, TcpSegment.FIN) && TcpSeq.add(seg.seq(), data.length) == rcvNxt && receiving) {
            rcvNxt = TcpSeq.add(rcvNxt, 1);
            ackPending = true;
            switch (state) {
                case ESTABLISHED -> {
                    state = TcpState.CLOSE_WAIT;
                    owner.peerClosed(this);
                }
                case FIN_WAIT_1 -> state = TcpState.CLOSING; // our FIN not yet acknowledged
                case FIN_WAIT_2 -> enterTimeWait(owner);
                default -> { }
            }
        }
    }

    /** RFC 9293 section 3.10.7.4: does the segment overlap the receive window? */
    private boolean acceptable(long seq, int length) {
        long window = settings.window();
        long start = TcpSeq.diff(seq, rcvNxt);
        if (length == 0) {
            return start >= 0 && start < window;
        }
        long end = start + length - 1;
        return (start >= 0 && start < window) || (end >= 0 && end < window);
    }

    /**
     * Forward progress: {@code ack} acknowledges new data ({@code sndUna < ack <= sndNxt}). Ends a recovery
     * by resending the rest of what was outstanding; new data is left to {@link #pushPending}.
     */
    private void acknowledge(Owner owner, long ack) {
        boolean retransmittedAcked = false;
        long firstSentAt = -1;
        boolean finAcked = false;
        while (!queue.isEmpty()) {
            Chunk c = queue.peekFirst();
            if (TcpSeq.le(c.end(), ack)) {
                queue.removeFirst();
                finAcked |= (c.flags & TcpSegment.FIN) != 0;
            } else if (TcpSeq.lt(c.seq, ack) && c.flags == 0) {
                int n = (int) TcpSeq.diff(ack, c.seq); // partly acknowledged
                c.data = Arrays.copyOfRange(c.data, n, c.data.length);
                c.seq = ack;
            } else {
                break;
            }
            retransmittedAcked |= c.retransmitted;
            if (firstSentAt < 0) {
                firstSentAt = c.firstSentAt;
            }
        }
        sndUna = ack;
        retransmits = 0;
        retransStamp = -1;
        if (!retransmittedAcked && firstSentAt >= 0) {
            rto.sample(owner.now() - firstSentAt); // Karn: never from a retransmitted segment
        }
        if (recovering) {
            recovering = false;
            for (Chunk c : queue) {
                if (c.sent) {
                    c.retransmitted = true;
                    transmit(owner, c);
                }
            }
        }
        if (hasOutstanding()) {
            armRto(owner); // RFC 6298 section 5.3
        } else {
            owner.cancelTimer(retransmitTimer);
            rtoArmed = false;
        }
        if (finAcked) {
            switch (state) {
                case FIN_WAIT_1 -> state = TcpState.FIN_WAIT_2;
                case CLOSING -> enterTimeWait(owner);
                case LAST_ACK -> terminate(owner, TcpCloseReason.CLOSED);
                default -> { }
            }
        }
    }

    private boolean hasOutstanding() {
        Chunk head = queue.peekFirst();
        return head != null && head.sent;
    }

    /** Sends what is queued and unsent, unless recovering or beyond the peer's window. */
    private void pushPending(Owner owner) {
        if (recovering || state == TcpState.CLOSED) {
            return;
        }
        for (Chunk c : queue) {
            if (c.sent) {
                continue;
            }
            if ((c.flags & TcpSegment.SYN) == 0 && !state.synchronised()) {
                break;
            }
            long inFlight = TcpSeq.diff(sndNxt, sndUna);
            if (inFlight > 0 && inFlight + c.data.length > sndWnd) {
                break;
            }
            c.sent = true;
            c.firstSentAt = owner.now();
            transmit(owner, c);
            sndNxt = c.end();
            if (!rtoArmed) {
                armRto(owner); // RFC 6298 section 5.1
            }
        }
    }

    private void armRto(Owner owner) {
        owner.startTimer(retransmitTimer, rto.rto());
        rtoArmed = true;
    }

    private void transmit(Owner owner, Chunk c) {
        int flags = c.flags;
        if (state != TcpState.SYN_SENT) {
            flags |= TcpSegment.ACK;
        }
        if (c.data.length > 0) {
            flags |= TcpSegment.PSH;
        }
        emit(owner, c.seq, flags, c.data);
    }

    private void sendAck(Owner owner) {
        emit(owner, sndNxt, TcpSegment.ACK, NO_DATA);
    }

    private void emit(Owner owner, long seq, int flags, byte[] data) {
        boolean ack = (flags & TcpSegment.ACK) != 0;
        TcpSegment segment = TcpSegment.of(flow.localPort(), flow.remotePort(), seq, ack ? rcvNxt : 0, flags,
                (flags & TcpSegment.RST) != 0 ? 0 : settings.window(), data);
        // Linux sets DF on TCP (path MTU discovery, ip_no_pmtu_disc 0).
        owner.transmit(Ipv4Packet.of(flow.localAddress(), flow.remoteAddress(), settings.ttl(), 0, true, segment));
        if (ack) {
            ackPending = false;
        }
    }

    private void enterTimeWait(Owner owner) {
        state = TcpState.TIME_WAIT;
        owner.cancelTimer(retransmitTimer);
        rtoArmed = false;
        owner.startTimer(timeWaitTimer, settings.timeWait());
        end(owner, TcpCloseReason.CLOSED);
    }

    private void terminate(Owner owner, TcpCloseReason reason) {
        state = TcpState.CLOSED;
        queue.clear();
        ackPending = false;
        owner.cancelTimer(retransmitTimer);
        owner.cancelTimer(timeWaitTimer);
        rtoArmed = false;
        end(owner, reason);
    }

    private void end(Owner owner, TcpCloseReason reason) {
        if (!ended) {
            ended = true;
            owner.ended(this, reason);
        }
    }

    private static boolean has(TcpSegment segment, int flag) {
        return (segment.flags() & flag) != 0;
    }

    @Override
    public String toString() {
        return "tcp " + flow + " " + state;
    }
}

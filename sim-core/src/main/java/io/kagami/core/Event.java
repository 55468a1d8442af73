package io.kagami.core;

/**
 * One scheduled delivery. Events are ordered by (time, rank, source, seq): rank is 0 for an event
 * sent with a delay and 1 + the sender's rank for one sent with zero delay, so an event never sorts
 * before the event that caused it; (source, seq) is unique and independent of thread timing.
 */
final class Event {
    static final Object START = new Object() {
        @Override
        public String toString() {
            return "start";
        }
    };

    final long time;
    final int rank;
    final int source;
    final long seq;
    final int target;
    final Object payload;
    /** Non-null for a timer: the timer it carries. */
    final EntitySlot.Timer timer;

    private Event(long time, int rank, int source, long seq, int target, Object payload, EntitySlot.Timer timer) {
        this.time = time;
        this.rank = rank;
        this.source = source;
        this.seq = seq;
        this.target = target;
        this.payload = payload;
        this.timer = timer;
    }

    static Event message(long time, int rank, int source, long seq, int target, Object payload) {
        return new Event(time, rank, source, seq, target, payload, null);
    }

    static Event timer(long time, int rank, int entity, long seq, EntitySlot.Timer timer, Object payload) {
        return new Event(time, rank, entity, seq, entity, payload, timer);
    }

    static Event start(int entity) {
        return new Event(0, 0, entity, 0, entity, START, null);
    }

    boolean before(Event o) {
        if (time != o.time) {
            return time < o.time;
        }
        if (rank != o.rank) {
            return rank < o.rank;
        }
        if (source != o.source) {
            return source < o.source;
        }
        return seq < o.seq;
    }
}

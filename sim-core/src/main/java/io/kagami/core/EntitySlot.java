package io.kagami.core;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** An entity in a run, with the state the kernel keeps for it. Touched by one partition only. */
final class EntitySlot {
    final EntityRef<Object> ref;
    final int group;
    final Entity<Object> entity;
    final SplittableRandom random;
    /** Next sequence number for events this entity sends; 0 is its start event. */
    long nextSeq = 1;
    /** Timers by key, running or not: a timer started again under its key is the same object. */
    final Map<Object, Timer> timers = new HashMap<>(4);
    final boolean digestOn;
    long digest = 0xcbf29ce484222325L;
    long observations;

    EntitySlot(EntityRef<Object> ref, int group, Entity<Object> entity, long seed, boolean digestOn) {
        this.ref = ref;
        this.group = group;
        this.entity = entity;
        this.digestOn = digestOn;
        this.random = new SplittableRandom(streamSeed(seed, ref.name()));
    }

    /** The entity's stream depends on the seed and its name only, not on what else is declared. */
    static long streamSeed(long seed, String name) {
        long h = seed;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * A running timer: when it fires, with what order key and message. Restarting a timer for later
     * than its event in the queue (a keepalived backup does at every advert) does not queue another
     * event: the queued one, its carrier, puts the timer back in the queue when it comes up, with the
     * order key it would have had if queued at once. So the queue does not fill with dead timers,
     * and what fires, and in what order, is what eager queueing gives. A timer that fired or was
     * cancelled stays with its entity, not running, until it is started again: an entity that restarts
     * its timer at every tick costs no allocation and one lookup by key.
     */
    static final class Timer {
        boolean running = true;
        long seq;
        long time;
        int rank;
        Object message;
        /** The event in the queue that carries this timer, and its time. */
        long carrierSeq;
        long carrierTime;

        Timer(long seq, long time, int rank, Object message) {
            set(seq, time, rank, message);
            carry();
        }

        void set(long seq, long time, int rank, Object message) {
            this.seq = seq;
            this.time = time;
            this.rank = rank;
            this.message = message;
        }

        /** The timer's own event is the carrier now. */
        void carry() {
            carrierSeq = seq;
            carrierTime = time;
        }
    }

    void digest(Event e) {
        long h = digest;
        h = mix(h ^ e.time);
        h = mix(h ^ ((long) e.rank << 32 | (e.source & 0xffffffffL)));
        h = mix(h ^ e.seq);
        h = mix(h ^ (e.payload instanceof Digestible d ? d.traceHash() : e.payload.toString().hashCode()));
        digest = h;
    }
}

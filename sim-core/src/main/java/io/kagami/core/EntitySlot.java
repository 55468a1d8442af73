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
    /** Running timers: key to the sequence number of the live timer event. */
    final Map<Object, Long> timers = new HashMap<>(4);
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

    void digest(Event e) {
        long h = digest;
        h = mix(h ^ e.time);
        h = mix(h ^ ((long) e.rank << 32 | (e.source & 0xffffffffL)));
        h = mix(h ^ e.seq);
        h = mix(h ^ (e.payload instanceof Digestible d ? d.traceHash() : e.payload.toString().hashCode()));
        digest = h;
    }
}

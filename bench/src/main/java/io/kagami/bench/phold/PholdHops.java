package io.kagami.bench.phold;

import io.kagami.core.workload.Phold;
import java.util.SplittableRandom;

/**
 * The hops of a {@link Phold} restated for engines other than the Kagami kernel, so that the
 * reference engines of the kernel benchmark run exactly its workload: entity {@code i} is in group
 * {@code i % groups}; every token that arrives at an entity is sent on, by draws from that entity's
 * own stream in the same order as {@code Phold}'s entity (remote or not, which group, which member,
 * then the delay), after the lookahead plus an exponential delay.
 *
 * <p>The streams are derived from the seed and the entity's name ({@code lp-<i>}) as the kernel
 * derives an entity's stream, so with the same seed every engine follows the same trajectory and
 * handles the same token arrivals; {@code PholdEnginesTest} checks that. Left out: the kernel's
 * start events (an engine here sends each entity's first tokens before its loop starts) and
 * partitions (the reference engines are single-threaded).
 */
public final class PholdHops {
    private final Phold phold;
    private final int groups;
    private final int entities;

    public PholdHops(Phold phold) {
        this.phold = phold;
        this.groups = phold.groups();
        this.entities = phold.entities();
    }

    public Phold phold() {
        return phold;
    }

    /** One stream per entity, derived from the seed and the entity's name as the kernel does. */
    public SplittableRandom[] streams(long seed) {
        SplittableRandom[] streams = new SplittableRandom[entities];
        for (int i = 0; i < entities; i++) {
            streams[i] = new SplittableRandom(streamSeed(seed, "lp-" + i));
        }
        return streams;
    }

    /**
     * The kernel's derivation of an entity's stream seed (FNV-1a over the name, started from the
     * seed, then SplitMix64's finaliser), restated because the kernel keeps it package-private. If
     * the kernel changes it, the engines still run the same workload but no longer the same
     * trajectory, and {@code PholdEnginesTest} fails to say so.
     */
    static long streamSeed(long seed, String name) {
        long h = seed;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** Where entity {@code from} sends a token: the first draws of a hop. */
    public int destination(int from, SplittableRandom r) {
        int group = from % groups;
        int g = group;
        if (groups > 1 && r.nextDouble() < phold.remoteFraction()) {
            g = (group + 1 + r.nextInt(groups - 1)) % groups;
        }
        int members = (entities - g + groups - 1) / groups;
        return g + groups * r.nextInt(members);
    }

    /** The delay of a hop (ns): its last draw, after {@link #destination}. */
    public long delay(SplittableRandom r) {
        return phold.lookahead() + (long) (-Math.log(1.0 - r.nextDouble()) * phold.meanDelay());
    }
}

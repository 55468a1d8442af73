package io.kagami.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What to simulate: the entities (made afresh for every run, so a model can be run many times),
 * the groups they belong to, the lookahead between groups, and the messages injected from
 * outside at fixed virtual times (a scenario's faults). A model knows nothing of partitions,
 * threads or pacing: those are {@link RunOptions}, and they never change a result.
 *
 * <p>A <em>group</em> is a set of entities that always run in the same partition (a segment, a
 * node): they may message each other with zero delay. Messages between groups need a declared
 * lookahead, the least delay their link can have (its latency).
 */
public final class Model {
    /** Source id of injected events: before any entity's events at the same time and rank. */
    static final int INJECTOR = -1;

    final List<String> names;
    final int[] groupOf;
    final List<String> groups;
    final List<Supplier<? extends Entity<?>>> factories;
    final Map<Long, Long> groupLookahead;
    /**
     * {@link #groupLookahead} again, for the check at every send between groups: an open-addressing
     * table of pair keys (0 marks a free slot; no pair of different groups has key 0) and their
     * lookaheads, so that the check neither boxes a key nor follows a pointer per probe.
     */
    private final long[] pairKeys;
    private final long[] pairLookaheads;
    final long defaultLookahead;
    final List<Event> injections;

    private Model(Builder b) {
        this.names = List.copyOf(b.names);
        this.groupOf = b.groupOf.stream().mapToInt(Integer::intValue).toArray();
        this.groups = List.copyOf(b.groupIds.keySet());
        this.factories = List.copyOf(b.factories);
        this.groupLookahead = Map.copyOf(b.groupLookahead);
        int slots = Integer.highestOneBit(Math.max(1, groupLookahead.size()) * 4 - 1) << 1;
        this.pairKeys = new long[slots];
        this.pairLookaheads = new long[slots];
        groupLookahead.forEach((key, nanos) -> {
            int i = slot(key);
            while (pairKeys[i] != 0) {
                i = (i + 1) & (slots - 1);
            }
            pairKeys[i] = key;
            pairLookaheads[i] = nanos;
        });
        this.defaultLookahead = b.defaultLookahead;
        this.injections = List.copyOf(b.injections);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int entityCount() {
        return names.size();
    }

    public int groupCount() {
        return groups.size();
    }

    /** The declared lookahead between two different groups, or -1 when there is none. */
    long lookahead(int groupA, int groupB) {
        long key = pairKey(groupA, groupB);
        for (int i = slot(key); pairKeys[i] != 0; i = (i + 1) & (pairKeys.length - 1)) {
            if (pairKeys[i] == key) {
                return pairLookaheads[i];
            }
        }
        return defaultLookahead;
    }

    private int slot(long key) {
        return (int) EntitySlot.mix(key) & (pairKeys.length - 1);
    }

    static long pairKey(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        return ((long) lo << 32) | (hi & 0xffffffffL);
    }

    /** Builds a {@link Model}; names of entities and groups are unique and stable. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<Integer> groupOf = new ArrayList<>();
        private final Map<String, Integer> groupIds = new LinkedHashMap<>();
        private final List<Supplier<? extends Entity<?>>> factories = new ArrayList<>();
        private final Map<Long, Long> groupLookahead = new HashMap<>();
        private long defaultLookahead = -1;
        private final List<Event> injections = new ArrayList<>();
        private long injected;

        private Builder() {}

        /**
         * Declares an entity. {@code factory} is called once per run, so every run starts from a
         * fresh state.
         */
        public <M> EntityRef<M> add(String name, String group, Supplier<? extends Entity<M>> factory) {
            if (ids.containsKey(name)) {
                throw new IllegalArgumentException("entity '" + name + "' is declared twice");
            }
            int id = names.size();
            names.add(name);
            ids.put(name, id);
            groupOf.add(groupIds.computeIfAbsent(group, g -> groupIds.size()));
            factories.add(factory);
            return new EntityRef<>(id, name);
        }

        /** Declares the least delay of any message between the two groups (both ways). */
        public Builder lookahead(String groupA, String groupB, long nanos) {
            if (groupA.equals(groupB)) {
                throw new IllegalArgumentException("lookahead is declared between two different groups, got '"
                        + groupA + "' twice");
            }
            groupLookahead.put(pairKey(group(groupA), group(groupB)), positive(nanos));
            return this;
        }

        /** Declares the lookahead of every pair of groups not declared with {@link #lookahead}. */
        public Builder defaultLookahead(long nanos) {
            defaultLookahead = positive(nanos);
            return this;
        }

        /** Delivers {@code message} to {@code to} at virtual time {@code at}, from outside the model. */
        public <M> Builder inject(long at, EntityRef<M> to, M message) {
            if (at < 0) {
                throw new IllegalArgumentException("injection time must be >= 0, got " + at);
            }
            injections.add(Event.message(at, 0, INJECTOR, injected++, to.id(), message));
            return this;
        }

        public Model build() {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a model needs at least one entity");
            }
            return new Model(this);
        }

        private int group(String name) {
            Integer g = groupIds.get(name);
            if (g == null) {
                throw new IllegalArgumentException("unknown group '" + name + "': declare an entity in it first");
            }
            return g;
        }

        private static long positive(long nanos) {
            if (nanos <= 0) {
                throw new IllegalArgumentException("lookahead must be > 0ns, got " + nanos + "ns");
            }
            return nanos;
        }
    }
}

package io.kagami.core;

/**
 * The trace hook: called for every event an entity handles, on the thread of the partition that
 * runs it, so an implementation must be thread-safe. Calls from one partition come in handling
 * order; calls from different partitions interleave.
 */
@FunctionalInterface
public interface EventTracer {
    /**
     * @param partition the partition that handled the event
     * @param time      virtual time of the event
     * @param rank      0, or 1 + the rank of the event that sent it with zero delay
     * @param source    id of the sending entity (the entity itself for timers, -1 for injections)
     * @param seq       the sender's sequence number of the event
     * @param target    the entity that handled it
     * @param message   what it handled
     */
    void onEvent(int partition, long time, int rank, int source, long seq, EntityRef<?> target, Object message);
}

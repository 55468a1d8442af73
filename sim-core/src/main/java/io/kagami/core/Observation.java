package io.kagami.core;

/**
 * Something an entity recorded with {@link Context#record}. Runs list them ordered by
 * (time, entity id, order of recording), which does not depend on the partitioning.
 */
public record Observation(long time, String entity, Object value) {
    @Override
    public String toString() {
        return VirtualTime.format(time) + " " + entity + " " + value;
    }
}

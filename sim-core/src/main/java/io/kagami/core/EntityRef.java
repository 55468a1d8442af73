package io.kagami.core;

/**
 * The address of an entity in a {@link Model}: what other entities hold to send it messages.
 * Immutable and valid in every run of the model it came from.
 *
 * @param <M> the type of message the entity accepts
 */
public final class EntityRef<M> {
    private final int id;
    private final String name;

    EntityRef(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /** The entity's index in its model, in order of declaration: the stable tie-break of events. */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityRef<?> other && other.id == id;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return name;
    }
}

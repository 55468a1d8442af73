package io.kagami.scenario.file;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.kagami.core.VirtualTime;

/** A duration or a virtual time in a scenario file: a string with a unit ({@code 2s}, {@code 150ms}, {@code 10us}). */
public record Dur(long nanos) implements Comparable<Dur> {

    @JsonCreator
    public static Dur parse(String text) {
        return new Dur(VirtualTime.parse(text));
    }

    public static Dur of(long nanos) {
        return new Dur(nanos);
    }

    @JsonValue
    @Override
    public String toString() {
        return VirtualTime.formatDuration(nanos);
    }

    @Override
    public int compareTo(Dur o) {
        return Long.compare(nanos, o.nanos);
    }
}

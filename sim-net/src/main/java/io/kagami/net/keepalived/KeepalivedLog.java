package io.kagami.net.keepalived;

/** A line keepalived 2.x would log that is not a state change (elections, priority 0 sent). */
public record KeepalivedLog(String line) {
    @Override
    public String toString() {
        return line;
    }
}

package io.kagami.net.apps;

/** Observation: the SSH client typed keystroke number {@code index} (from 0) and wrote it to its connection. */
public record KeystrokeSent(long index) {
    @Override
    public String toString() {
        return "keystroke " + index + " sent";
    }
}

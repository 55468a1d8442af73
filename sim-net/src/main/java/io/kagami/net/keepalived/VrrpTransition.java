package io.kagami.net.keepalived;

/**
 * A state change of a keepalived instance, recorded as an observation, with the line keepalived
 * 2.x logs for it ({@code vrrp.c}, {@code vrrp_scheduler.c}). STOPPED's line is the twin's:
 * keepalived logs "Stopped" on SIGTERM and nothing at all when killed or powered off.
 *
 * @param instance the vrrp_instance name
 * @param state    the new state
 * @param init     true for the start-up BACKUP, which keepalived logs as "BACKUP STATE (init)"
 */
public record VrrpTransition(String instance, VrrpState state, boolean init) {
    public String logLine() {
        return switch (state) {
            case STOPPED -> "(" + instance + ") Stopped";
            default -> "(" + instance + ") Entering " + state + " STATE" + (init ? " (init)" : "");
        };
    }

    @Override
    public String toString() {
        return logLine();
    }
}

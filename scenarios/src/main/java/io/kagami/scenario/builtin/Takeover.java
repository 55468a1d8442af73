package io.kagami.scenario.builtin;

/**
 * A backup that became master after a fault: which node, when, how long after the fault, and
 * keepalived's bounds for that delay (DOMAIN.md section 3).
 */
public record Takeover(String node, long at, long afterFault, long lowerBound, long upperBound) {
    public boolean withinBounds() {
        return afterFault >= lowerBound && afterFault <= upperBound;
    }
}

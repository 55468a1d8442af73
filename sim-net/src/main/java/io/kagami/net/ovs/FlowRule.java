package io.kagami.net.ovs;

import java.util.List;
import java.util.Objects;

/**
 * A flow as a controller adds it ({@code ovs-ofctl add-flow}, an OpenFlow flow_mod): cookie, table,
 * priority, match, actions and timeouts in seconds (0 = none). What the switch keeps about an installed
 * flow is a {@link Flow}. {@link #toString()} prints it as {@code ovs-ofctl dump-flows --no-stats} does.
 * Left out: flow flags (send_flow_rem, check_overlap, reset_counts) and importance.
 *
 * @param idleTimeout seconds without a matching packet after which the flow is removed, 0 for never
 * @param hardTimeout seconds after its installation, or its last refresh by {@code learn}, after which it
 *                    is removed, 0 for never
 */
public record FlowRule(long cookie, int table, int priority, Match match, List<Action> actions, int idleTimeout,
                       int hardTimeout) {

    /** The priority OpenFlow gives a flow that names none; {@code ovs-ofctl} omits it when printing. */
    public static final int DEFAULT_PRIORITY = 32768;
    /** Tables 0..254; 255 means "all tables" in OpenFlow requests. */
    static final int MAX_TABLE = 254;

    public FlowRule {
        checkTable(table);
        checkPriority(priority);
        Objects.requireNonNull(match, "match");
        actions = List.copyOf(actions);
        checkTimeout("idle_timeout", idleTimeout);
        checkTimeout("hard_timeout", hardTimeout);
    }

    /** A flow with cookie 0 and no timeouts; no actions means {@code drop}. */
    public static FlowRule of(int table, int priority, Match match, Action... actions) {
        return new FlowRule(0, table, priority, match, List.of(actions), 0, 0);
    }

    public FlowRule withCookie(long newCookie) {
        return new FlowRule(newCookie, table, priority, match, actions, idleTimeout, hardTimeout);
    }

    static void checkTable(int table) {
        if (table < 0 || table > MAX_TABLE) {
            throw new IllegalArgumentException("table " + table + " out of range 0.." + MAX_TABLE);
        }
    }

    static void checkPriority(int priority) {
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority " + priority + " out of range 0..65535");
        }
    }

    static void checkTimeout(String name, int seconds) {
        if (seconds < 0 || seconds > 0xFFFF) {
            throw new IllegalArgumentException(name + " " + seconds + " out of range 0..65535 seconds");
        }
    }

    @Override
    public String toString() {
        return DumpFlows.line(this, PortNames.NUMBERS);
    }
}

package io.kagami.net.netfilter;

import java.util.List;
import java.util.Objects;

/**
 * A chain of one table: built-in (named after its hook, policy ACCEPT here) or user-defined (no
 * policy: falling off its end returns to the caller).
 */
public record Chain(String name, boolean builtin, List<Rule> rules) {

    public Chain {
        Objects.requireNonNull(name, "name");
        rules = List.copyOf(rules);
    }

    /** The {@code :NAME POLICY [0:0]} line of iptables-save; counters are not kept. */
    String declaration() {
        return ":" + name + " " + (builtin ? "ACCEPT" : "-") + " [0:0]";
    }
}

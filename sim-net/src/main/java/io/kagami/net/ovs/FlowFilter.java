package io.kagami.net.ovs;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which flows a non-strict {@code ovs-ofctl del-flows} removes: those in {@code table} (any table if
 * empty) whose cookie agrees with {@code cookie} on the bits of {@code cookieMask}, and whose match is at
 * least as specific as {@code match} and agrees with it, so that {@code tun_id=0xcb} removes
 * {@code priority=1,tun_id=0xcb} but not {@code priority=0}. Left out: strict deletes (by exact match
 * and priority) and {@code out_port}/{@code out_group} filters, which the agent does not use here.
 */
public record FlowFilter(OptionalInt table, long cookie, long cookieMask, Match match) {

    public FlowFilter {
        Objects.requireNonNull(table, "table");
        table.ifPresent(FlowRule::checkTable);
        Objects.requireNonNull(match, "match");
    }

    /** Every flow. */
    public static FlowFilter all() {
        return new FlowFilter(OptionalInt.empty(), 0, 0, Match.ANY);
    }

    public FlowFilter inTable(int t) {
        return new FlowFilter(OptionalInt.of(t), cookie, cookieMask, match);
    }

    /** Flows with exactly this cookie ({@code cookie=C/-1}), as Neutron removes a dead agent's flows. */
    public FlowFilter withCookie(long c) {
        return new FlowFilter(table, c, -1L, match);
    }

    public FlowFilter matching(Match m) {
        return new FlowFilter(table, cookie, cookieMask, m);
    }

    boolean selects(FlowRule rule) {
        return (table.isEmpty() || table.getAsInt() == rule.table())
                && ((rule.cookie() ^ cookie) & cookieMask) == 0
                && match.covers(rule.match());
    }
}

package io.kagami.net.ovs;

import io.kagami.core.VirtualTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The OpenFlow tables of one bridge. Within a table, flows are grouped by the bits they match and then
 * by their masked values (OVS's classifier, a tuple space search), so a lookup costs one hash probe per
 * distinct mask, not a scan of every learned flow. The highest priority wins; between equal priorities
 * the flow installed first (OVS leaves that case undefined).
 *
 * <p>Modifications follow OVS with OpenFlow 1.3, as Neutron's native driver speaks it: an add with the
 * match and priority of an existing flow replaces it, keeping its counters but restarting its duration;
 * {@code learn} (a modify-strict) replaces the actions and restarts only the hard timeout, keeping the
 * installation time and counters. Flows expire when the virtual time passes their hard or idle timeout
 * ({@code rule_expire}: strictly after); expired flows are dropped lazily, which no one can tell from
 * OVS's once-a-second sweep except that expiry here is exact to the nanosecond.
 */
final class FlowTables {

    /** An installed flow and what the switch keeps about it. */
    static final class Entry {
        private FlowRule rule;
        /** The rule's priority and timeouts (in ns, 0 for none), kept here: checked at every lookup. */
        private int priority;
        private long hardTimeout;
        private long idleTimeout;
        private final long sequence;
        private long installedAt;
        private long modifiedAt;
        private long lastUsedAt;
        private long nPackets;
        private long nBytes;

        private Entry(FlowRule rule, long sequence, long now) {
            setRule(rule);
            this.sequence = sequence;
            this.installedAt = now;
            this.modifiedAt = now;
            this.lastUsedAt = now;
        }

        FlowRule rule() {
            return rule;
        }

        private void setRule(FlowRule rule) {
            this.rule = rule;
            this.priority = rule.priority();
            this.hardTimeout = rule.hardTimeout() * VirtualTime.SECOND;
            this.idleTimeout = rule.idleTimeout() * VirtualTime.SECOND;
        }

        /** Counts a packet of {@code bytes} that matched this flow. */
        void hit(int bytes, long now) {
            nPackets++;
            nBytes += bytes;
            lastUsedAt = now;
        }

        private boolean expiredAt(long now) {
            return (hardTimeout != 0 && now > modifiedAt + hardTimeout)
                    || (idleTimeout != 0 && now > lastUsedAt + idleTimeout);
        }

        private Flow toFlow(long now) {
            return new Flow(rule, now - installedAt, now - lastUsedAt, nPackets, nBytes);
        }
    }

    private static final Comparator<Entry> PRECEDENCE = Comparator.<Entry>comparingInt(e -> -e.priority)
            .thenComparingLong(e -> e.sequence);

    /** One table: mask -> masked values -> flows, in precedence order. */
    private static final class Table {
        final Map<FieldValues, Map<FieldValues, List<Entry>>> byMask = new HashMap<>();
    }

    /** The tables by number (0..254), null where no flow was ever installed. */
    private final Table[] tables = new Table[FlowRule.MAX_TABLE + 1];
    private long nextSequence;
    /** The masked key of {@link #lookup}, overwritten at each probe. */
    private final FieldValues probe = FieldValues.probe();

    /** The flow of {@code table} that {@code key} hits at {@code now}, or null for a table miss. */
    Entry lookup(int table, FieldValues key, long now) {
        Table t = tables[table];
        if (t == null) {
            return null;
        }
        Entry best = null;
        for (Iterator<Map.Entry<FieldValues, Map<FieldValues, List<Entry>>>> subtables = t.byMask.entrySet().iterator();
                subtables.hasNext(); ) {
            Map.Entry<FieldValues, Map<FieldValues, List<Entry>>> subtable = subtables.next();
            probe.setAnd(key, subtable.getKey());
            List<Entry> candidates = subtable.getValue().get(probe);
            if (candidates == null) {
                continue;
            }
            if (anyExpired(candidates, now)) {
                candidates.removeIf(e -> e.expiredAt(now));
            }
            if (candidates.isEmpty()) {
                subtable.getValue().remove(probe);
                if (subtable.getValue().isEmpty()) {
                    subtables.remove();
                }
            } else if (best == null || PRECEDENCE.compare(candidates.get(0), best) < 0) {
                best = candidates.get(0);
            }
        }
        return best;
    }

    /** Whether a flow of {@code entries} has expired: a scan that, unlike a removal, allocates nothing. */
    private static boolean anyExpired(List<Entry> entries, long now) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).expiredAt(now)) {
                return true;
            }
        }
        return false;
    }

    /** OpenFlow 1.3 ADD. */
    void add(FlowRule rule, long now) {
        Entry existing = find(rule, now);
        if (existing == null) {
            insert(rule, now);
        } else {
            existing.setRule(rule);
            existing.installedAt = now;
            existing.modifiedAt = now;
            existing.lastUsedAt = now;
        }
    }

    /** What a {@code learn} action does with the flow it computed. */
    void learn(FlowRule rule, long now) {
        Entry existing = find(rule, now);
        if (existing == null) {
            insert(rule, now);
        } else {
            // The same flow again (each frame of a stream learns it anew): the installed rule is kept, and
            // the new one dies young instead of living in the table until the next frame (promoted by a
            // collection in between, a large run's old generation filled with them).
            if (!existing.rule.equals(rule)) {
                existing.setRule(rule);
            }
            existing.modifiedAt = now;
        }
    }

    /** Removes the flows {@code filter} selects. */
    void delete(FlowFilter filter) {
        removeWhere(e -> filter.selects(e.rule));
    }

    /** The flows installed at {@code now}, by table, then precedence. */
    List<Flow> snapshot(long now) {
        removeWhere(e -> e.expiredAt(now));
        List<Flow> flows = new ArrayList<>();
        for (Table t : tables) {
            if (t == null) {
                continue;
            }
            List<Entry> entries = new ArrayList<>();
            t.byMask.values().forEach(byValue -> byValue.values().forEach(entries::addAll));
            entries.sort(PRECEDENCE);
            entries.forEach(e -> flows.add(e.toFlow(now)));
        }
        return flows;
    }

    /** The live flow with the same table, priority and match, or null. */
    private Entry find(FlowRule rule, long now) {
        Table t = tables[rule.table()];
        if (t == null) {
            return null;
        }
        Map<FieldValues, List<Entry>> byValue = t.byMask.get(rule.match().masks());
        List<Entry> same = byValue == null ? null : byValue.get(rule.match().values());
        if (same == null) {
            return null;
        }
        for (Iterator<Entry> it = same.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.priority == rule.priority()) {
                if (!e.expiredAt(now)) {
                    return e;
                }
                it.remove();
            }
        }
        return null;
    }

    private void insert(FlowRule rule, long now) {
        if (tables[rule.table()] == null) {
            tables[rule.table()] = new Table();
        }
        List<Entry> same = tables[rule.table()].byMask
                .computeIfAbsent(rule.match().masks(), k -> new HashMap<>())
                .computeIfAbsent(rule.match().values(), k -> new ArrayList<>(1));
        same.add(new Entry(rule, nextSequence++, now));
        same.sort(PRECEDENCE);
    }

    private void removeWhere(Predicate<Entry> doomed) {
        for (Table t : tables) {
            if (t == null) {
                continue;
            }
            t.byMask.values().removeIf(byValue -> {
                byValue.values().removeIf(entries -> {
                    entries.removeIf(doomed);
                    return entries.isEmpty();
                });
                return byValue.isEmpty();
            });
        }
    }
}

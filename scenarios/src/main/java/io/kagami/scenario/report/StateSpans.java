package io.kagami.scenario.report;

import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.TimelineEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VRRP state of every router instance on every node over a run, read back from the timeline's
 * "state" events, whose text is keepalived's log line: "(VR_1) Entering MASTER STATE",
 * "(VR_1) Entering BACKUP STATE (init)", "(VR_1) Stopped". What precedes the state in the line
 * names the instance ("(VR_1)", shown as VR_1). Before its first line an instance has no state.
 *
 * <p>Neutron numbers VRRP ids per HA network, that is per project, so routers of different
 * projects on one node can share a name (VR_1). Their lines cannot be told apart; such a name is
 * recognised by the same line twice at the same instant (every instance logs "BACKUP STATE
 * (init)" when it starts) and left out rather than drawn as one router with mixed-up states.
 */
final class StateSpans {
    /** A state from {@code start} until {@code end} (the next change, or the run's end). */
    record Span(String state, long start, long end) {}

    /** One router instance on a node. */
    record Row(String instance, List<Span> spans) {}

    /**
     * A network node: its instances (at most the limit asked for; {@code hidden} more not shown),
     * the instance names that several routers share on it ({@code shared}, not shown), and the
     * faults that hit it.
     */
    record Lane(String node, List<Row> rows, int hidden, List<String> shared, List<TimelineEvent> faults) {}

    private static final Pattern LINE = Pattern.compile("(.*?)\\s*(?:Entering\\s+(MASTER|BACKUP|FAULT)\\s+STATE.*|(Stopped).*)");
    private static final Pattern PARENTHESIZED = Pattern.compile("\\((.+)\\)");

    private StateSpans() {}

    /** keepalived's state in a log line ("MASTER", ..., "STOPPED"), or null if it is not a state change. */
    static String state(String text) {
        Matcher m = text == null ? null : LINE.matcher(text.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : "STOPPED";
    }

    private static String instance(String text) {
        Matcher m = LINE.matcher(text.trim());
        m.matches();
        String name = m.group(1).trim();
        Matcher p = PARENTHESIZED.matcher(name);
        return p.matches() ? p.group(1) : name.isEmpty() ? "router" : name;
    }

    /** The end of the time axis: the run's duration, or later if something happened later. */
    static long end(ScenarioResult r) {
        long end = Math.max(1, r.duration());
        for (TimelineEvent e : r.timeline()) {
            end = Math.max(end, e.time());
        }
        return end;
    }

    /**
     * One lane per node that has state changes or faults, in natural name order (network-2 before
     * network-10). A node with more than {@code maxRows} instances shows first those that changed
     * state at or after the first fault: the ones worth looking at.
     */
    static List<Lane> lanes(ScenarioResult r, int maxRows) {
        List<TimelineEvent> events = new ArrayList<>(r.timeline());
        events.sort(Comparator.comparingLong(TimelineEvent::time)); // stable: keeps the order of equal times
        long end = end(r);
        long firstFault = events.stream().filter(e -> TimelineEvent.FAULT.equals(e.kind()))
                .mapToLong(TimelineEvent::time).findFirst().orElse(Long.MAX_VALUE);
        Map<String, Map<String, List<TimelineEvent>>> byNode = new TreeMap<>(NATURAL);
        Map<String, List<TimelineEvent>> faults = new LinkedHashMap<>();
        for (TimelineEvent e : events) {
            if (e.node() == null) {
                continue;
            }
            if (TimelineEvent.FAULT.equals(e.kind())) {
                for (String node : e.node().split(",")) { // a fault on several nodes names them all: "network-7,network-8"
                    if (!node.isBlank()) {
                        faults.computeIfAbsent(node.trim(), n -> new ArrayList<>()).add(e);
                        byNode.computeIfAbsent(node.trim(), n -> new TreeMap<>(NATURAL));
                    }
                }
            } else if (TimelineEvent.STATE.equals(e.kind()) && state(e.text()) != null) {
                byNode.computeIfAbsent(e.node(), n -> new TreeMap<>(NATURAL))
                        .computeIfAbsent(instance(e.text()), i -> new ArrayList<>()).add(e);
            }
        }
        List<Lane> lanes = new ArrayList<>();
        for (var node : byNode.entrySet()) {
            List<String> shared = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (var instance : node.getValue().entrySet()) {
                Set<String> seen = new HashSet<>();
                boolean several = instance.getValue().stream().anyMatch(e -> !seen.add(e.time() + " " + e.text()));
                (several ? shared : names).add(instance.getKey());
            }
            int drawable = names.size();
            if (names.size() > maxRows) {
                List<String> changed = names.stream()
                        .filter(n -> node.getValue().get(n).stream().anyMatch(e -> e.time() >= firstFault)).toList();
                List<String> chosen = new ArrayList<>(changed.subList(0, Math.min(maxRows, changed.size())));
                for (String n : names) {
                    if (chosen.size() >= maxRows) {
                        break;
                    }
                    if (!chosen.contains(n)) {
                        chosen.add(n);
                    }
                }
                chosen.sort(NATURAL);
                names = chosen;
            }
            List<Row> rows = new ArrayList<>();
            for (String name : names) {
                List<TimelineEvent> changes = node.getValue().get(name);
                List<Span> spans = new ArrayList<>();
                for (int i = 0; i < changes.size(); i++) {
                    long until = i + 1 < changes.size() ? changes.get(i + 1).time() : end;
                    spans.add(new Span(state(changes.get(i).text()), changes.get(i).time(), until));
                }
                rows.add(new Row(name, spans));
            }
            lanes.add(new Lane(node.getKey(), rows, drawable - names.size(), shared,
                    faults.getOrDefault(node.getKey(), List.of())));
        }
        return lanes;
    }

    /** Names compared with their digit runs as numbers: network-2 before network-10, VR_9 before VR_10. */
    static final Comparator<String> NATURAL = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String da = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String db = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    };
}

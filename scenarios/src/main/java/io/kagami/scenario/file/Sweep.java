package io.kagami.scenario.file;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario's sweep: the parameters it may vary, the grid of runs (every combination of the
 * values, the first parameter varying slowest, the last fastest, as nested loops in file order)
 * and the scenario of one run of the grid.
 */
public final class Sweep {
    private Sweep() {}

    /** The type of a parameter's values. */
    public enum Type {
        DURATION("durations with a unit, e.g. 2s"),
        WHOLE_NUMBER("whole numbers"),
        NUMBER("numbers"),
        BOOLEAN("true or false"),
        TEXT("strings");

        private final String described;

        Type(String described) {
            this.described = described;
        }

        public String described() {
            return described;
        }
    }

    /** More runs than this in one sweep is refused: it is a typing mistake more often than a plan. */
    public static final long MAX_RUNS = 100_000;

    private static final Map<String, Type> SCENARIO = new LinkedHashMap<>();
    private static final Map<String, Type> FAULT = new LinkedHashMap<>();
    private static final Pattern FAULT_KEY = Pattern.compile("faults\\[([0-9]{1,9})\\]\\.([a-z0-9_]+)");

    static {
        SCENARIO.put("seed", Type.WHOLE_NUMBER);
        SCENARIO.put("topology.segments", Type.WHOLE_NUMBER);
        SCENARIO.put("topology.network_nodes", Type.WHOLE_NUMBER);
        SCENARIO.put("topology.compute_nodes", Type.WHOLE_NUMBER);
        SCENARIO.put("topology.routers_per_project", Type.WHOLE_NUMBER);
        SCENARIO.put("topology.snat_random_fully", Type.BOOLEAN);
        SCENARIO.put("keepalived.version", Type.WHOLE_NUMBER);
        SCENARIO.put("keepalived.advert_int", Type.DURATION);
        SCENARIO.put("keepalived.priority", Type.WHOLE_NUMBER);
        SCENARIO.put("keepalived.preempt", Type.BOOLEAN);
        SCENARIO.put("keepalived.garp_master_repeat", Type.WHOLE_NUMBER);
        SCENARIO.put("keepalived.garp_master_delay", Type.DURATION);
        SCENARIO.put("timing.underlay_latency", Type.DURATION);
        SCENARIO.put("timing.underlay_bandwidth_gbps", Type.NUMBER);
        SCENARIO.put("timing.external_latency", Type.DURATION);
        SCENARIO.put("timing.rpc_latency", Type.DURATION);
        SCENARIO.put("timing.l3_agent_workers", Type.WHOLE_NUMBER);
        SCENARIO.put("timing.l3_agent_primary_work", Type.DURATION);
        SCENARIO.put("timing.l3_agent_backup_work", Type.DURATION);
        FAULT.put("kind", Type.TEXT);
        FAULT.put("at", Type.DURATION);
        FAULT.put("node", Type.TEXT);
        FAULT.put("until", Type.DURATION);
        FAULT.put("one_way", Type.BOOLEAN);
        FAULT.put("link", Type.TEXT);
        FAULT.put("period", Type.DURATION);
        FAULT.put("loss", Type.NUMBER);
        FAULT.put("down_for", Type.DURATION);
        FAULT.put("boot_after", Type.DURATION);
        FAULT.put("l3_agent_delay", Type.DURATION);
        FAULT.put("ovs_agent_delay", Type.DURATION);
        FAULT.put("delay", Type.DURATION);
    }

    /**
     * Every parameter a sweep may vary, with the type of its values; {@code faults[i].X} stands
     * for the field X of the i-th fault (from 0). {@code keepalived.*} and {@code timing.*} are the
     * topology's global settings.
     */
    public static Map<String, Type> parameters() {
        Map<String, Type> all = new LinkedHashMap<>(SCENARIO);
        FAULT.forEach((f, t) -> all.put("faults[i]." + f, t));
        return Collections.unmodifiableMap(all);
    }

    /** The type of a parameter path such as {@code keepalived.advert_int} or {@code faults[2].at}. */
    public static Optional<Type> typeOf(String key) {
        Type t = SCENARIO.get(key);
        if (t != null) {
            return Optional.of(t);
        }
        Matcher m = FAULT_KEY.matcher(key);
        return m.matches() ? Optional.ofNullable(FAULT.get(m.group(2))) : Optional.empty();
    }

    /** The fault index of a {@code faults[i].X} key, or -1. */
    static int faultIndex(String key) {
        Matcher m = FAULT_KEY.matcher(key);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The field of a {@code faults[i].X} key, or null. */
    static String faultField(String key) {
        Matcher m = FAULT_KEY.matcher(key);
        return m.matches() ? m.group(2) : null;
    }

    /** Every known key, {@code faults[i].X} written with i = 0, for suggestions. */
    static List<String> keysForSuggestions(int faults) {
        List<String> keys = new ArrayList<>(SCENARIO.keySet());
        for (int i = 0; i < Math.max(1, faults); i++) {
            for (String f : FAULT.keySet()) {
                keys.add("faults[" + i + "]." + f);
            }
        }
        return keys;
    }

    /** How many runs the sweep makes: the product of its lists' sizes, 1 without a sweep. */
    public static long runs(Scenario s) {
        long runs = 1;
        if (s.sweep() != null) {
            for (List<Object> values : s.sweep().values()) {
                int n = values == null ? 0 : values.size();
                if (n != 0 && runs > Long.MAX_VALUE / n) {
                    return Long.MAX_VALUE;
                }
                runs *= n;
            }
        }
        return runs;
    }

    /**
     * The runs of the grid, each a map from parameter path to the value as written in the file
     * ({@code "2s"}, {@code 3}, {@code true}), in file order; one empty map without a sweep.
     */
    public static List<Map<String, Object>> points(Scenario s) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        if (s.sweep() == null) {
            return points;
        }
        for (Map.Entry<String, List<Object>> e : s.sweep().entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object v : e.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points.stream().map(Collections::unmodifiableMap).toList();
    }

    /** The scenario of one run: {@code point}'s values in place, and no sweep. */
    public static Scenario apply(Scenario s, Map<String, Object> point) {
        Scenario r = new Scenario(s.name(), s.description(), s.seed(), s.duration(), s.topology(), s.startup(), s.probes(),
                s.faults(), s.assertions(), null);
        for (Map.Entry<String, Object> e : point.entrySet()) {
            r = set(r, e.getKey(), convert(e.getKey(), e.getValue()));
        }
        return r;
    }

    /**
     * A value as written in a file, as the field's type: a {@link Dur}, an Integer, a Long (seed),
     * a Double, a Boolean or a String.
     *
     * @throws IllegalArgumentException if it is not of the parameter's type
     */
    static Object convert(String key, Object raw) {
        Type type = typeOf(key).orElseThrow(() -> new IllegalArgumentException("unknown parameter '" + key + "'"));
        switch (type) {
            case DURATION -> {
                if (raw instanceof Number n) {
                    throw new IllegalArgumentException(n + " has no unit; use a unit, e.g. " + n + "s");
                }
                if (!(raw instanceof String text)) {
                    throw new IllegalArgumentException("expected a duration with a unit (e.g. 2s), got " + describe(raw));
                }
                return Dur.parse(text);
            }
            case WHOLE_NUMBER -> {
                if (!(raw instanceof Integer || raw instanceof Long)) {
                    throw new IllegalArgumentException("expected a whole number, got " + describe(raw));
                }
                long v = ((Number) raw).longValue();
                if (key.equals("seed")) {
                    return v;
                }
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(v + " is too large");
                }
                return (int) v;
            }
            case NUMBER -> {
                if (!(raw instanceof Number n) || raw instanceof java.math.BigInteger || raw instanceof java.math.BigDecimal) {
                    throw new IllegalArgumentException("expected a number, got " + describe(raw));
                }
                return n.doubleValue();
            }
            case BOOLEAN -> {
                if (!(raw instanceof Boolean)) {
                    throw new IllegalArgumentException("expected true or false, got " + describe(raw));
                }
                return raw;
            }
            default -> {
                if (!(raw instanceof String)) {
                    throw new IllegalArgumentException("expected a string, got " + describe(raw));
                }
                return raw;
            }
        }
    }

    static String describe(Object raw) {
        if (raw == null) {
            return "nothing (null)";
        }
        if (raw instanceof String s) {
            return "the string '" + s + "'";
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return raw.toString();
        }
        return raw instanceof List ? "a list" : raw instanceof Map ? "a mapping" : raw.toString();
    }

    private static Scenario set(Scenario s, String key, Object v) {
        if (key.equals("seed")) {
            return Records.with(s, "seed", v);
        }
        int fault = faultIndex(key);
        if (fault >= 0) {
            if (s.faults() == null || fault >= s.faults().size()) {
                throw new IllegalArgumentException("there is no fault " + fault);
            }
            List<Scenario.Fault> faults = new ArrayList<>(s.faults());
            faults.set(fault, Records.with(faults.get(fault), faultField(key), v));
            return Records.with(s, "faults", faults);
        }
        Scenario.Topology t = s.topology() == null
                ? Scenario.Topology.NONE : s.topology();
        String field = key.substring(key.indexOf('.') + 1);
        Scenario.Topology n;
        if (key.startsWith("keepalived.")) {
            Scenario.Keepalived k = t.keepalived() == null ? new Scenario.Keepalived(null, null, null, null, null, null)
                    : t.keepalived();
            n = Records.with(t, "keepalived", Records.with(k, field, v));
        } else if (key.startsWith("timing.")) {
            Scenario.Timing m = t.timing() == null ? new Scenario.Timing(null, null, null, null, null, null, null)
                    : t.timing();
            n = Records.with(t, "timing", Records.with(m, field, v));
        } else {
            n = Records.with(t, field, v);
        }
        return Records.with(s, "topology", n);
    }
}

package io.kagami.scenario.report;

import io.kagami.scenario.result.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The sweep parameters of runs, in a stable order, and the labels that tell runs apart. A map that
 * keeps an order of its own (a LinkedHashMap: the file's order) keeps it; any other map is sorted
 * by key, since Map.of and Map.copyOf iterate in an order that changes from one JVM to the next.
 */
final class Parameters {
    private Parameters() {}

    /** The keys of {@code map} in a stable order. */
    static List<String> keys(Map<String, ?> map) {
        if (map == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(map.keySet());
        if (!(map instanceof LinkedHashMap || map instanceof SortedMap)) {
            keys.sort(null);
        }
        return keys;
    }

    /** Every parameter path of the runs, in the order they first appear. */
    static List<String> keys(List<ScenarioResult> runs) {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(keys(r.parameters())));
        return new ArrayList<>(keys);
    }

    /**
     * Short names for parameter paths: the last component ("advert_int" for
     * "topology.keepalived.advert_int") when that tells them apart, else the whole path.
     */
    static Map<String, String> shortNames(List<String> paths) {
        Map<String, Long> lastCounts = paths.stream().collect(Collectors.groupingBy(Parameters::last,
                LinkedHashMap::new, Collectors.counting()));
        Map<String, String> names = new LinkedHashMap<>();
        for (String p : paths) {
            names.put(p, lastCounts.get(last(p)) == 1 ? last(p) : p);
        }
        return names;
    }

    private static String last(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** A parameter value as text: strings as they are, lists joined with commas, missing as "". */
    static String value(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Parameters::value).collect(Collectors.joining(","));
        }
        return String.valueOf(v);
    }

    /** "advert_int=1s, priority=50" for a run among {@code runs}; "" outside a sweep. */
    static String label(ScenarioResult run, List<ScenarioResult> runs) {
        Map<String, String> names = shortNames(keys(runs));
        List<String> parts = new ArrayList<>();
        for (String key : keys(run.parameters())) {
            parts.add(names.getOrDefault(key, key) + "=" + value(run.parameters().get(key)));
        }
        return String.join(", ", parts);
    }

    /** A JSON-ready copy of a parameter value: plain values as they are, maps in a stable order, anything else as text. */
    static Object json(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Parameters::json).collect(Collectors.toList());
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            for (String k : keys(m)) {
                copy.put(k, json(m.get(k)));
            }
            return copy;
        }
        return String.valueOf(v);
    }
}

package io.kagami.scenario.file;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.annotation.JsonProperty;

/** "Did you mean": the closest name by edit distance, and the names of a record's fields in files. */
final class Suggest {
    private Suggest() {}

    /** The candidate closest to {@code wrong}, if one is close enough to be what was meant. */
    static Optional<String> closest(String wrong, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(wrong, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= threshold(wrong, best) ? Optional.of(best) : Optional.empty();
    }

    /** How far apart two names are when case, '_' and '-' do not count ({@code advertInt} = {@code advert_int}). */
    static int distance(String a, String b) {
        return osa(normalise(a), normalise(b));
    }

    static int threshold(String a, String b) {
        return Math.max(1, Math.min(normalise(a).length(), normalise(b).length()) / 3);
    }

    static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[_\\-\\s]", "");
    }

    /** Optimal string alignment distance: Levenshtein plus swaps of neighbours ({@code ntework}). */
    private static int osa(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** "; did you mean 'x'?" or "". */
    static String didYouMean(String wrong, Collection<String> candidates) {
        return closest(wrong, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    /** The names of a record's components as they are written in files (their {@code @JsonProperty}). */
    static List<String> fieldNames(Class<?> record) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            names.add(fieldName(c));
        }
        return names;
    }

    static String fieldName(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null) {
            p = c.getAnnotation(JsonProperty.class);
        }
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    /** The record a component holds: itself, or the element of a list, or the value of a map; else null. */
    static Class<?> recordIn(RecordComponent c) {
        Type t = c.getGenericType();
        if (t instanceof Class<?> k) {
            return k.isRecord() && k.getEnclosingClass() == Scenario.class ? k : null;
        }
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            if (args[args.length - 1] instanceof Class<?> k && k.isRecord() && k.getEnclosingClass() == Scenario.class) {
                return k;
            }
        }
        return null;
    }

    private static final Pattern NUMBERED = Pattern.compile("(.*?)([0-9]+)");

    /**
     * Names for a message, runs of numbered names folded: {@code compute-3..compute-6}, and at most
     * a few dozen shown.
     */
    static String compact(List<String> names) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < names.size()) {
            Matcher m = NUMBERED.matcher(names.get(i));
            int j = i;
            if (m.matches()) {
                String prefix = m.group(1);
                long n = Long.parseLong(m.group(2));
                while (j + 1 < names.size()) {
                    Matcher next = NUMBERED.matcher(names.get(j + 1));
                    if (!next.matches() || !next.group(1).equals(prefix) || Long.parseLong(next.group(2)) != n + (j + 1 - i)) {
                        break;
                    }
                    j++;
                }
            }
            parts.add(j > i + 1 ? names.get(i) + ".." + names.get(j) : j == i + 1 ? names.get(i) + ", " + names.get(j)
                    : names.get(i));
            i = j + 1;
        }
        if (parts.size() > 40) {
            return String.join(", ", parts.subList(0, 40)) + ", ...";
        }
        return String.join(", ", parts);
    }
}

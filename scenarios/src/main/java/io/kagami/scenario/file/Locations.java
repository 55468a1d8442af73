package io.kagami.scenario.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field path ({@code faults[2].at}) is written in a file: the line and column of its
 * key, or of the element's start in a list. Read by one pass over the tokens, so that problems
 * found after parsing still point at the file.
 */
final class Locations {
    static final Locations NONE = new Locations(Map.of(), Map.of());

    private final Map<String, JsonLocation> byPath;
    private final Map<String, String> values;

    private Locations(Map<String, JsonLocation> byPath, Map<String, String> values) {
        this.byPath = byPath;
        this.values = values;
    }

    /** Reads the tokens of {@code text}; a malformed file fails here, with the parser's location. */
    static Locations read(JsonFactory factory, String text) throws IOException {
        Map<String, JsonLocation> m = new HashMap<>();
        Map<String, String> v = new HashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != null) {
                value(p, "", m, v);
                // trailing content is left for the mapper (FAIL_ON_TRAILING_TOKENS) to report
            }
        }
        return new Locations(m, v);
    }

    private static void value(JsonParser p, String path, Map<String, JsonLocation> m, Map<String, String> v)
            throws IOException {
        m.putIfAbsent(path, p.currentTokenLocation());
        v.put(path, ScenarioLoader.describe(p));
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                String child = path.isEmpty() ? name : path + "." + name;
                m.putIfAbsent(child, p.currentTokenLocation());
                p.nextToken();
                value(p, child, m, v);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value(p, path + "[" + i++ + "]", m, v);
            }
        }
    }

    /** The location of {@code path}, or of the nearest enclosing path written in the file; null if none. */
    JsonLocation find(String path) {
        String p = path;
        while (true) {
            JsonLocation l = byPath.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /** What is written at {@code path} ("the string '3'", "a list"), or null if nothing is. */
    String valueAt(String path) {
        return values.get(path);
    }

    /** A problem at {@code path}, placed in the file where the path (or its parent) is written. */
    ScenarioException problem(String source, String path, String problem) {
        JsonLocation l = find(path);
        return l == null ? new ScenarioException(source, 0, 0, path, problem)
                : new ScenarioException(source, l.getLineNr(), l.getColumnNr(), path, problem);
    }
}

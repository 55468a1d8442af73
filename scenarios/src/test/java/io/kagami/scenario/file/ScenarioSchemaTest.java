package io.kagami.scenario.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped JSON Schema and the {@link Scenario} records cannot drift apart. */
class ScenarioSchemaTest {
    private final JsonNode schema = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(ScenarioLoader.schema());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), ref);
            node = schema.at(ref.substring(1));
            assertFalse(node.isMissingNode(), "dangling " + ref);
        }
        return node;
    }

    /** Walks records and schema side by side; returns the schema objects it matched. */
    private void walk(Class<?> record, JsonNode node, String path, Set<JsonNode> matched) {
        node = resolve(node);
        matched.add(node);
        assertEquals("object", node.path("type").asText(), path);
        assertFalse(node.path("additionalProperties").asBoolean(true), path + ": additionalProperties must be false");
        Set<String> inRecord = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            inRecord.add(Suggest.fieldName(c));
        }
        Set<String> inSchema = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(inSchema::add);
        assertEquals(inRecord, inSchema, "fields of " + (path.isEmpty() ? "a scenario" : path));
        for (RecordComponent c : record.getRecordComponents()) {
            String name = Suggest.fieldName(c);
            JsonNode property = resolve(node.path("properties").path(name));
            String at = path.isEmpty() ? name : path + "." + name;
            assertTrue(property.has("description") || node.path("properties").path(name).has("description")
                    || property.has("$ref"), at + " has a description");
            Class<?> inner = Suggest.recordIn(c);
            if (inner == null) {
                continue;
            }
            if (c.getType() == List.class) {
                assertEquals("array", property.path("type").asText(), at);
                walk(inner, property.path("items"), at + "[i]", matched);
            } else if (c.getType() == Map.class) {
                assertEquals("object", property.path("type").asText(), at);
                walk(inner, property.path("additionalProperties"), at + ".NAME", matched);
            } else {
                walk(inner, property, at, matched);
            }
        }
    }

    @Test
    void everyRecordFieldIsInTheSchemaAndViceVersa() {
        Set<JsonNode> matched = new HashSet<>();
        walk(Scenario.class, schema, "", matched);
        // every object type with properties in the schema is a record's, but the sweep's (a map of parameters);
        // the faults' per-kind "if" clauses are conditions, not types
        List<String> unmatched = new ArrayList<>();
        collectObjects(schema, "", matched, unmatched);
        assertEquals(List.of("/$defs/sweep"), unmatched);
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        assertEquals(Set.of("name", "duration"), required);
    }

    private void collectObjects(JsonNode node, String pointer, Set<JsonNode> matched, List<String> unmatched) {
        if (node.isObject()) {
            if (node.has("properties") && node.path("type").asText().equals("object") && !matched.contains(node)) {
                unmatched.add(pointer);
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collectObjects(e.getValue(), pointer + "/" + e.getKey(), matched, unmatched);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectObjects(node.get(i), pointer + "/" + i, matched, unmatched);
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    @Test
    void enumsAreTheValidatorsLists() {
        JsonNode fault = schema.at("/$defs/fault");
        assertEquals(FaultKind.fileNames(), texts(fault.at("/properties/kind/enum")));
        assertEquals(ScenarioValidator.LINKS, texts(fault.at("/properties/link/enum")));
        assertEquals(ScenarioValidator.PROBE_TYPES, texts(schema.at("/$defs/probe/properties/type/enum")));
        assertEquals(ScenarioValidator.DIRECTIONS, texts(schema.at("/$defs/probe/properties/direction/enum")));
        assertEquals(ScenarioValidator.BASES, texts(schema.at("/$defs/topology/properties/base/enum")));
        assertEquals(List.of("at", "kind"), texts(fault.path("required")));
        // per kind: exactly the fields the validator allows, and the same required ones
        assertEquals(FaultKind.values().length, fault.path("allOf").size());
        for (JsonNode rule : fault.path("allOf")) {
            FaultKind kind = FaultKind.of(rule.at("/if/properties/kind/const").asText()).orElseThrow();
            assertEquals(kind.allFields(), texts(rule.at("/then/propertyNames/enum")), kind.fileName());
            assertEquals(kind.required(), texts(rule.at("/then/required")), kind.fileName());
            assertTrue(rule.path("description").asText().startsWith(kind.fileName() + ": "));
        }
    }

    @Test
    void sweepParametersAreTheSweepsOwn() {
        JsonNode sweep = schema.at("/$defs/sweep");
        Set<String> fixed = new LinkedHashSet<>();
        sweep.path("properties").fieldNames().forEachRemaining(fixed::add);
        Set<String> faultFields = new LinkedHashSet<>();
        sweep.path("patternProperties").fieldNames().forEachRemaining(p -> {
            assertTrue(p.startsWith("^faults\\[[0-9]+\\]\\.") && p.endsWith("$"), p);
            faultFields.add("faults[i]." + p.substring("^faults\\[[0-9]+\\]\\.".length(), p.length() - 1));
        });
        Set<String> all = new LinkedHashSet<>(fixed);
        all.addAll(faultFields);
        assertEquals(Sweep.parameters().keySet(), all);
        for (Map.Entry<String, Sweep.Type> e : Sweep.parameters().entrySet()) {
            JsonNode values = e.getKey().startsWith("faults[i].")
                    ? sweep.path("patternProperties").path("^faults\\[[0-9]+\\]\\." + e.getKey().substring(10) + "$")
                    : sweep.path("properties").path(e.getKey());
            assertEquals(1, values.path("minItems").asInt(), e.getKey() + ": a sweep with no values is refused");
            JsonNode items = resolve(values.path("items"));
            String type = switch (e.getValue()) {
                case DURATION, TEXT -> "string";
                case WHOLE_NUMBER -> "integer";
                case NUMBER -> "number";
                case BOOLEAN -> "boolean";
            };
            assertEquals(type, items.path("type").asText(), e.getKey());
        }
    }

    @Test
    void thePatternsAgreeWithTheParsers() {
        Pattern duration = Pattern.compile(schema.at("/$defs/duration/pattern").asText());
        assertEquals("^[0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h)$", duration.pattern());
        for (String ok : List.of("2s", "1.5s", "150ms", "10us", "5ns", "2m", "1h")) {
            assertTrue(duration.matcher(ok).find(), ok);
            Dur.parse(ok);
        }
        for (String bad : List.of("2", "2 s", "-1s", "1.s", "2sec", "")) {
            assertFalse(duration.matcher(bad).find(), bad);
        }
        Pattern assertion = Pattern.compile(schema.at("/$defs/assertion/pattern").asText());
        for (JsonNode example : schema.at("/$defs/assertion/examples")) {
            assertTrue(assertion.matcher(example.asText()).find(), example.asText());
            AssertionExpr.parse(example.asText());
        }
        for (String bad : List.of("p90 takeover < 4s", "takeover = 4s", "p99 last_converged < 1s", "latency < 1s")) {
            assertFalse(assertion.matcher(bad).find(), bad);
        }
        for (String m : AssertionExpr.MEASUREMENTS) {
            assertTrue(assertion.matcher(m + " < 1s").find(), m);
        }
        assertNotNull(schema.get("$schema"));
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
    }
}

package io.kagami.scenario.file;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads scenario files (YAML or JSON, by extension) into {@link Scenario}s and checks them with
 * {@link ScenarioValidator}. Strict: an unknown field, a duplicate field, a string where a number
 * belongs (or the reverse), a duration without a unit, trailing content are all errors, each one
 * {@link ScenarioException} of one line with the file, line, column and field path.
 */
public final class ScenarioLoader {
    private ScenarioLoader() {}

    /** The JSON Schema of scenario files, on the classpath. */
    public static final String SCHEMA_RESOURCE = "/io/kagami/scenario/scenario.schema.json";
    /** The JSON Schema of topology files, on the classpath; it refers to the scenario schema's topology. */
    public static final String TOPOLOGY_SCHEMA_RESOURCE = "/io/kagami/scenario/topology.schema.json";

    /** What a file holds, for messages: a scenario or a topology file. */
    private record Root(Class<?> type, String noun, String needs, String fields) {}

    private static final Root SCENARIO = new Root(Scenario.class, "a scenario", "name: and duration:",
            "name:, duration:, ...");
    private static final Root TOPOLOGY = new Root(TopologyFile.class, "a topology file", "topology:",
            "description:, topology:");
    /** Where built-in scenarios live on the classpath: {@code <name>.yaml}. */
    public static final String BUILTIN_DIRECTORY = "/io/kagami/scenario/builtin/";

    /** YAML 1.2 words: {@code yes}, {@code on} are strings, not booleans; {@code key:} with nothing is null. */
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL, YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()));
    private static final ObjectMapper JSON = configure(JsonMapper.builder(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()));

    private static final ObjectWriter JSON_OUT = JSON.copy()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL).writerWithDefaultPrettyPrinter();

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configure(B builder) {
        SimpleModule durations = new SimpleModule("kagami-durations").addDeserializer(Dur.class, new DurDeserializer());
        return builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // a number where a string belongs, or a string where a number belongs, is a mistake to show
                .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .addModule(durations)
                .build();
    }

    /**
     * Reads and checks a scenario file: {@code .yaml}, {@code .yml} or {@code .json}.
     *
     * @throws ScenarioException naming the file, the place and the field, for anything wrong
     */
    public static Scenario load(Path file) throws ScenarioException {
        String source = file.toString();
        formatOf(source);
        return parse(read(file, source), source);
    }

    private static String read(Path file, String source) throws ScenarioException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(source, 0, 0, "", "no such file");
        } catch (CharacterCodingException e) {
            throw new ScenarioException(source, 0, 0, "", "not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException(source, 0, 0, "", "cannot read it: " + e.getMessage());
        }
    }

    /**
     * Reads and checks a scenario from text; {@code sourceName} names it in messages and says its
     * format: JSON if it ends in {@code .json}, else YAML (JSON is YAML too, but JSON errors read better).
     */
    public static Scenario parse(String text, String sourceName) throws ScenarioException {
        boolean json = sourceName.toLowerCase(Locale.ROOT).endsWith(".json");
        Locations[] where = new Locations[1];
        Scenario s = read(text, sourceName, json, SCENARIO, Scenario.class, where);
        s = withTopologyFile(s, sourceName, where[0]);
        ScenarioValidator.validate(s, sourceName, where[0]);
        return s;
    }

    /** {@code text} as a {@code type}, its locations in {@code where[0]}; an empty file is an error. */
    private static <T> T read(String text, String sourceName, boolean json, Root root, Class<T> type,
                              Locations[] where) throws ScenarioException {
        ObjectMapper mapper = json ? JSON : YAML;
        try {
            where[0] = Locations.read(mapper.getFactory(), text);
        } catch (IOException e) {
            throw malformed(e, sourceName, json);
        }
        T value;
        try {
            value = mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw translate(e, sourceName, where[0], json, root);
        }
        if (value == null) {
            throw new ScenarioException(sourceName, 0, 0, "", "the file is empty: " + root.noun() + " needs at least "
                    + root.needs());
        }
        return value;
    }

    /**
     * The scenario with the topology file its {@code topology.file} names (relative to the
     * scenario's own file) read, checked on its own (problems name the topology file, its line and
     * column), and merged under the scenario's own topology fields ({@link TopologyFile#under}).
     */
    private static Scenario withTopologyFile(Scenario s, String sourceName, Locations where) throws ScenarioException {
        if (s.topology() == null || s.topology().file() == null) {
            return s;
        }
        String name = s.topology().file();
        Path dir = Path.of(sourceName).getParent();
        Path file;
        try {
            file = dir == null ? Path.of(name) : dir.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw where.problem(sourceName, "topology.file", "'" + name + "' is not a file name");
        }
        String source = file.toString();
        String lower = source.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"))) {
            throw where.problem(sourceName, "topology.file", "'" + name + "': topology files end in .yaml, .yml or"
                    + " .json");
        }
        if (!Files.isRegularFile(file)) {
            throw where.problem(sourceName, "topology.file", "no such file '" + name + "'" + (dir == null ? ""
                    : " (looked for " + source + ", next to the scenario)"));
        }
        TopologyFile t = readTopology(file, source);
        return new Scenario(s.name(), s.description(), s.seed(), s.duration(), TopologyFile.under(s.topology(),
                t.topology()), s.startup(), s.probes(), s.faults(), s.assertions(), s.sweep());
    }

    /**
     * Reads and checks a topology file on its own, as a scenario naming it would.
     *
     * @throws ScenarioException naming the file, the place and the field, for anything wrong
     */
    public static TopologyFile loadTopology(Path file) throws ScenarioException {
        String source = file.toString();
        formatOf(source);
        return readTopology(file, source);
    }

    /**
     * Whether {@code file} is a topology file rather than a scenario: YAML or JSON whose top level
     * has {@code topology} and nothing a scenario needs ({@code name}, {@code duration}). A file that
     * cannot be read is not: the scenario's checks then say what is wrong with it.
     */
    public static boolean isTopologyFile(Path file) {
        try {
            JsonNode root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return root != null && root.isObject() && root.has("topology") && !root.has("name")
                    && !root.has("duration");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static TopologyFile readTopology(Path file, String source) throws ScenarioException {
        Locations[] at = new Locations[1];
        TopologyFile t = read(read(file, source), source, source.toLowerCase(Locale.ROOT).endsWith(".json"), TOPOLOGY,
                TopologyFile.class, at);
        if (t.topology() == null) {
            throw at[0].problem(source, "topology", "missing: the cloud, under topology: (segments:, network_nodes:,"
                    + " ...)");
        }
        if (t.topology().file() != null) {
            throw at[0].problem(source, "topology.file", "a topology file cannot name another topology file");
        }
        ScenarioValidator.validateTopology(t.topology(), source, at[0]);
        return t;
    }

    /**
     * The built-in scenario {@code name} ({@code io/kagami/scenario/builtin/<name>.yaml} on the
     * classpath), or empty if there is none of that name.
     *
     * @throws ScenarioException if it is there but not valid (a bug of the build)
     */
    public static Optional<Scenario> loadBuiltin(String name) throws ScenarioException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return Optional.empty();
        }
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(BUILTIN_DIRECTORY + name + ".yaml")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin/" + name + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON Schema of scenario files (draft 2020-12), as shipped in the jar. */
    public static String schema() {
        return resource(SCHEMA_RESOURCE);
    }

    /** The JSON Schema of topology files (draft 2020-12), as shipped in the jar. */
    public static String topologySchema() {
        return resource(TOPOLOGY_SCHEMA_RESOURCE);
    }

    private static String resource(String name) {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scenario as JSON (durations as strings with units, absent fields left out): for reports. */
    public static String toJson(Scenario s) {
        try {
            return JSON_OUT.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void formatOf(String source) throws ScenarioException {
        String lower = source.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"))) {
            throw new ScenarioException(source, 0, 0, "", "unknown kind of file: scenario files end in .yaml, .yml"
                    + " or .json");
        }
    }

    // ---------------------------------------------------------------- messages

    private static ScenarioException malformed(IOException e, String source, boolean json) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            Mark m = y.getProblemMark();
            String context = y.getContext() == null ? "" : " (" + y.getContext()
                    + (y.getContextMark() == null ? "" : " at " + (y.getContextMark().getLine() + 1) + ":"
                    + (y.getContextMark().getColumn() + 1)) + ")";
            return new ScenarioException(source, m.getLine() + 1, m.getColumn() + 1, "", "malformed YAML: "
                    + y.getProblem() + context);
        }
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        JsonLocation l = e instanceof JsonProcessingException j ? j.getLocation() : null;
        Matcher dup = Pattern.compile("Duplicate field '(.*)'").matcher(message == null ? "" : message);
        if (dup.find()) {
            message = "the field '" + dup.group(1) + "' is given twice";
        } else {
            message = "malformed " + (json ? "JSON" : "YAML") + ": " + firstLine(message);
        }
        return l == null ? new ScenarioException(source, 0, 0, "", message)
                : new ScenarioException(source, l.getLineNr(), l.getColumnNr(), "", message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            }
        }
        return b.toString();
    }

    private static ScenarioException translate(JsonProcessingException e, String source, Locations where, boolean json,
                                               Root root) {
        if (!(e instanceof JsonMappingException m)) {
            return malformed(e, source, json);
        }
        String path = path(m);
        String problem;
        if (m instanceof FieldProblem) {
            problem = m.getOriginalMessage();
        } else if (m instanceof UnrecognizedPropertyException u) {
            problem = unknownField(u, path, root);
        } else if (m instanceof MismatchedInputException mi && mi.getOriginalMessage() != null
                && mi.getOriginalMessage().startsWith("Trailing token")) {
            String what = root.noun().substring(2);
            problem = "more after the end of the " + what + ": a file holds one " + what;
            JsonLocation l = m.getLocation();
            return l == null ? new ScenarioException(source, 0, 0, "", problem)
                    : new ScenarioException(source, l.getLineNr(), l.getColumnNr(), "", problem);
        } else if (m instanceof MismatchedInputException mi && path.isEmpty()) {
            problem = mi.getOriginalMessage() != null && mi.getOriginalMessage().startsWith("No content")
                    ? "the file is empty: " + root.noun() + " needs at least " + root.needs()
                    : root.noun() + (root == SCENARIO ? " file" : "") + " is a mapping of fields (" + root.fields()
                    + "), got " + actual(where, path);
        } else if (m instanceof MismatchedInputException && path.startsWith("sweep.") && !path.endsWith("]")
                && (where.valueAt(path) == null || where.valueAt(path).startsWith("nothing"))) {
            problem = ScenarioValidator.noValues(path.substring("sweep.".length()));
        } else if (m instanceof MismatchedInputException mi) {
            problem = "expected " + expected(mi.getTargetType()) + ", got " + actual(where, path);
        } else if (m.getCause() instanceof InputCoercionException c && c.getOriginalMessage() != null
                && c.getOriginalMessage().contains("out of range")) {
            problem = "the number " + outOfRange(c.getOriginalMessage()) + " is too large";
        } else if (m.getCause() instanceof JsonProcessingException c) {
            problem = firstLine(c.getOriginalMessage());
        } else {
            problem = firstLine(m.getOriginalMessage());
        }
        JsonLocation l = where.find(path);
        if (l == null) {
            l = m.getLocation();
        }
        return l == null ? new ScenarioException(source, 0, 0, path, problem)
                : new ScenarioException(source, l.getLineNr(), l.getColumnNr(), path, problem);
    }

    /**
     * "unknown field; did you mean 'advert_int'? (fields of topology.keepalived: ...)": the closest
     * field allowed here, or one further down ({@code topology.advert_int} ->
     * {@code topology.keepalived.advert_int}), up to three levels.
     */
    private static String unknownField(UnrecognizedPropertyException u, String path, Root root) {
        String wrong = u.getPropertyName();
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        String parent = path.endsWith("." + wrong) ? path.substring(0, path.length() - wrong.length() - 1)
                : cut < 0 ? "" : path.substring(0, cut);
        Class<?> record = u.getReferringClass();
        List<String> here = record != null && record.isRecord() ? Suggest.fieldNames(record)
                : known(u.getKnownPropertyIds());
        String suggestion = null;
        int best = Integer.MAX_VALUE;
        for (String f : here) {
            int d = Suggest.distance(wrong, f);
            if (d < best && d <= Suggest.threshold(wrong, f)) {
                best = d;
                suggestion = f;
            }
        }
        if (record != null && record.isRecord()) {
            for (String[] nested : nestedFields(record, "", 0)) {
                int d = Suggest.distance(wrong, nested[1]);
                if (d < best && d <= Suggest.threshold(wrong, nested[1])) {
                    best = d;
                    suggestion = parent.isEmpty() ? nested[0] : parent + "." + nested[0];
                }
            }
        }
        String place = parent.isEmpty() ? root.noun() : parent.replaceAll("\\[[0-9]+\\]$", "[i]");
        return "unknown field" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                + " (fields of " + place + ": " + String.join(", ", here) + ")";
    }

    /**
     * The fields below a record's own, shallower first, as {path from the record, field name}:
     * {@code keepalived.advert_int}, {@code routers.NAME.keepalived.advert_int}, {@code faults[0].at}.
     */
    private static List<String[]> nestedFields(Class<?> record, String prefix, int depth) {
        List<String[]> found = new ArrayList<>();
        if (depth >= 3) {
            return found;
        }
        List<Object[]> below = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            Class<?> inner = Suggest.recordIn(c);
            if (inner == null) {
                continue;
            }
            String at = prefix + Suggest.fieldName(c) + (c.getType() == List.class ? "[0]."
                    : c.getType() == Map.class ? ".NAME." : ".");
            for (String f : Suggest.fieldNames(inner)) {
                found.add(new String[] {at + f, f});
            }
            below.add(new Object[] {inner, at});
        }
        for (Object[] b : below) {
            found.addAll(nestedFields((Class<?>) b[0], (String) b[1], depth + 1));
        }
        return found;
    }

    private static List<String> known(Collection<Object> ids) {
        List<String> names = new ArrayList<>();
        if (ids != null) {
            ids.forEach(i -> names.add(String.valueOf(i)));
        }
        return names;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of names to values";
        }
        if (type == Dur.class) {
            return "a duration with a unit (e.g. 2s)";
        }
        return type.isRecord() ? "a mapping of fields (" + String.join(", ", Suggest.fieldNames(type)) + ")"
                : "a " + type.getSimpleName();
    }

    private static String actual(Locations where, String path) {
        String v = where.valueAt(path);
        return v == null ? "nothing" : v;
    }

    private static String outOfRange(String message) {
        Matcher m = Pattern.compile("\\(([-0-9.eE+]+)\\)").matcher(message);
        return m.find() ? m.group(1) : "";
    }

    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case VALUE_STRING -> p.getText().isEmpty() ? "an empty string" : "the string '" + p.getText() + "'";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
            case VALUE_TRUE, VALUE_FALSE -> p.getText();
            case VALUE_NULL -> "nothing (null)";
            case START_ARRAY, END_ARRAY -> "a list";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "a mapping";
            default -> t.asString() == null ? t.name().toLowerCase(Locale.ROOT) : t.asString();
        };
    }

    // ---------------------------------------------------------------- durations

    /** A problem we found in a value while mapping; its message is already the one to show. */
    static final class FieldProblem extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        FieldProblem(JsonParser p, String message) {
            super(p, message);
        }
    }

    /** Durations are strings with a unit: {@code 2s}; a bare number is refused with the fix. */
    static final class DurDeserializer extends StdDeserializer<Dur> {
        private static final long serialVersionUID = 1L;

        DurDeserializer() {
            super(Dur.class);
        }

        @Override
        public Dur deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return Dur.parse(p.getText());
                } catch (IllegalArgumentException e) {
                    throw new FieldProblem(p, e.getMessage());
                }
            }
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                throw new FieldProblem(p, p.getText() + " has no unit; use a unit, e.g. " + p.getText()
                        + "s (ns, us, ms, s, m, h)");
            }
            throw new FieldProblem(p, "expected a duration with a unit (e.g. 2s), got " + describe(p));
        }
    }

    /** Segment names are strings ("80"), and may be written as numbers (80) in files. */
    static final class SegmentName extends StdDeserializer<String> {
        private static final long serialVersionUID = 1L;

        SegmentName() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
                return p.getText();
            }
            throw new FieldProblem(p, "expected a segment name such as 80, got " + describe(p));
        }
    }
}

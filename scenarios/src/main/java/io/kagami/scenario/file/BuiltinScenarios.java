package io.kagami.scenario.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in scenario library: the scenario files shipped in the jar under
 * {@value ScenarioLoader#BUILTIN_DIRECTORY}, in the order of its index file
 * ({@value #INDEX_FILE}: one name per line, {@code #} starts a comment). A jar cannot list its own
 * directories, so the index says what is there; a test keeps it and the files in step.
 */
public final class BuiltinScenarios {
    /** The index's name in {@link ScenarioLoader#BUILTIN_DIRECTORY}. */
    public static final String INDEX_FILE = "index.txt";

    private BuiltinScenarios() {}

    /** The names of the built-in scenarios, in the index's order. */
    public static List<String> names() {
        String resource = ScenarioLoader.BUILTIN_DIRECTORY + INDEX_FILE;
        try (InputStream in = BuiltinScenarios.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                String name = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every built-in scenario, loaded and checked, in the index's order.
     *
     * @throws ScenarioException if one is not valid (a bug of the build)
     * @throws IllegalStateException if the index names a scenario that is not there
     */
    public static List<Scenario> all() throws ScenarioException {
        List<Scenario> all = new ArrayList<>();
        for (String name : names()) {
            all.add(ScenarioLoader.loadBuiltin(name).orElseThrow(() -> new IllegalStateException("the index "
                    + INDEX_FILE + " names '" + name + "', but there is no " + ScenarioLoader.BUILTIN_DIRECTORY + name
                    + ".yaml")));
        }
        return all;
    }

    /**
     * The first sentence of a scenario's description, on one line: up to the first period that ends
     * the text or is followed by white space ("DOMAIN.md" and "6.8s" do not end a sentence). Empty
     * without a description.
     */
    public static String firstSentence(Scenario s) {
        if (s.description() == null) {
            return "";
        }
        String text = s.description().strip().replaceAll("\\s+", " ");
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '.' && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }
}

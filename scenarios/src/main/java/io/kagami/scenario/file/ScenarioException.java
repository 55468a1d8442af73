package io.kagami.scenario.file;

/**
 * A scenario file that cannot be run: malformed, an unknown field, a wrong type, or a value the
 * cloud cannot have. {@link #getMessage()} is one line, {@code FILE:LINE:COLUMN: PATH: PROBLEM}
 * ({@code FILE: PATH: PROBLEM} when the place in the file is not known), for example
 * {@code scenario.yaml:12:5: faults[1].kind: unknown value 'node_crush'; did you mean 'node_crash'? (allowed: ...)}.
 */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String path;
    private final String problem;

    /**
     * @param source  the file name as the user gave it (or a built-in scenario's name)
     * @param line    1-based, or 0 if not known
     * @param column  1-based, or 0 if not known
     * @param path    the field path ({@code faults[2].at}), or "" for the file as a whole
     * @param problem what is wrong, and what would be right
     */
    public ScenarioException(String source, int line, int column, String path, String problem) {
        super(format(source, line, column, path, problem), null, false, false);
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path == null ? "" : path;
        this.problem = oneLine(problem);
    }

    private static String format(String source, int line, int column, String path, String problem) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ");
        if (path != null && !path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(oneLine(problem)).toString();
    }

    /** Messages from parsers may span lines; ours never do. */
    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ").replace("\t", "\\t");
    }

    public String source() {
        return source;
    }

    /** 1-based line of the problem, 0 if not known. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, 0 if not known. */
    public int column() {
        return column;
    }

    /** The field path ({@code topology.keepalived.advert_int}), "" for the file as a whole. */
    public String path() {
        return path;
    }

    /** The message without file, place and path. */
    public String problem() {
        return problem;
    }
}

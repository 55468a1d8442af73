package io.kagami.scenario.report;

import io.kagami.scenario.result.EachAssertion;
import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.ScenarioResult;
import java.util.ArrayList;
import java.util.List;

/**
 * junit.xml, so that CI systems show assertion verdicts as tests: one {@code <testsuite>} per run,
 * one {@code <testcase>} per segment for an "each" assertion ("router80: each takeover &lt; 4s"),
 * one per other assertion. A segment an "each" assertion does not apply to (not affected, so no
 * takeover) is a skipped test case. In a sweep every run has the same assertions, so the run's
 * parameters follow the test case's name ("[advert_int=1s]"), as JUnit's own parameterized tests do.
 */
final class JunitXml {
    private JunitXml() {}

    private record Case(String name, String failure, String skipped) {}

    static String render(List<ScenarioResult> runs) {
        List<List<Case>> suites = new ArrayList<>();
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        for (ScenarioResult r : runs) {
            List<Case> cases = cases(r, runs.size() > 1 ? Parameters.label(r, runs) : "");
            suites.add(cases);
            tests += cases.size();
            failures += (int) cases.stream().filter(c -> c.failure() != null).count();
            skipped += (int) cases.stream().filter(c -> c.skipped() != null).count();
        }
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<!-- Kagami scenario assertions. Every time attribute is 0: a verdict on a simulated run takes no"
                + " wall-clock time, and the run's virtual duration (in seconds) is the testsuite's"
                + " virtual_duration_s property. -->\n");
        x.append("<testsuites name=\"kagami\"").append(counts(tests, failures, skipped)).append(">\n");
        for (int i = 0; i < runs.size(); i++) {
            ScenarioResult r = runs.get(i);
            List<Case> cases = suites.get(i);
            String label = Parameters.label(r, runs);
            x.append("  <testsuite name=\"").append(attr(r.scenario() + (label.isEmpty() ? "" : " [" + label + "]")))
                    .append('"').append(counts(cases.size(), (int) cases.stream().filter(c -> c.failure() != null).count(),
                            (int) cases.stream().filter(c -> c.skipped() != null).count())).append(">\n");
            x.append("    <properties>\n");
            property(x, "scenario", r.scenario());
            property(x, "seed", Long.toString(r.seed()));
            property(x, "virtual_duration_s", Seconds.plain(r.duration()));
            property(x, "trace_digest", r.digest());
            for (String key : Parameters.keys(r.parameters())) {
                property(x, "parameter." + key, Parameters.value(r.parameters().get(key)));
            }
            x.append("    </properties>\n");
            for (Case c : cases) {
                x.append("    <testcase name=\"").append(attr(c.name())).append("\" classname=\"")
                        .append(attr(r.scenario())).append("\" time=\"0\"");
                if (c.failure() != null) {
                    x.append(">\n      <failure type=\"assertion\" message=\"").append(attr(c.failure())).append("\">")
                            .append(text(c.failure())).append("</failure>\n    </testcase>\n");
                } else if (c.skipped() != null) {
                    x.append(">\n      <skipped message=\"").append(attr(c.skipped())).append("\"/>\n    </testcase>\n");
                } else {
                    x.append("/>\n");
                }
            }
            x.append("  </testsuite>\n");
        }
        x.append("</testsuites>\n");
        return x.toString();
    }

    private static List<Case> cases(ScenarioResult r, String label) {
        String suffix = label.isEmpty() ? "" : " [" + label + "]";
        List<Case> cases = new ArrayList<>();
        for (AssertionResult a : r.assertions()) {
            boolean perSegment = EachAssertion.appliesTo(a) && !r.segments().isEmpty();
            boolean anyFailed = false;
            if (perSegment) {
                for (EachAssertion.Verdict v : EachAssertion.judge(a, r.segments())) {
                    String name = EachAssertion.name(v.segment()) + ": " + a.expression() + suffix;
                    switch (v.outcome()) {
                        case PASSED -> cases.add(new Case(name, null, null));
                        case FAILED -> {
                            cases.add(new Case(name, v.message(), null));
                            anyFailed = true;
                        }
                        case SKIPPED -> cases.add(new Case(name, null, v.message()));
                    }
                }
            }
            // an assertion read as a whole, or a failed "each" whose failure names no segment of the run
            if (!perSegment || (!a.passed() && !anyFailed)) {
                cases.add(new Case(a.expression() + suffix, a.passed() ? null : a.message(), null));
            }
        }
        return cases;
    }

    private static String counts(int tests, int failures, int skipped) {
        return " tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped
                + "\" time=\"0\"";
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    /** Character data: markup escaped, characters XML 1.0 forbids replaced with U+FFFD. */
    static String text(String s) {
        return escape(s, false);
    }

    /** An attribute value: as {@link #text}, and quotes and line breaks as references so that they survive parsing. */
    static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}

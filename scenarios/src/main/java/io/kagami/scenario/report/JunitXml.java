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
            x.append("  <testsuite name=\"").append(Markup.xmlAttribute(r.scenario() + (label.isEmpty() ? "" : " [" + label + "]")))
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
                x.append("    <testcase name=\"").append(Markup.xmlAttribute(c.name())).append("\" classname=\"")
                        .append(Markup.xmlAttribute(r.scenario())).append("\" time=\"0\"");
                if (c.failure() != null) {
                    x.append(">\n      <failure type=\"assertion\" message=\"").append(Markup.xmlAttribute(c.failure())).append("\">")
                            .append(Markup.xmlText(c.failure())).append("</failure>\n    </testcase>\n");
                } else if (c.skipped() != null) {
                    x.append(">\n      <skipped message=\"").append(Markup.xmlAttribute(c.skipped())).append("\"/>\n    </testcase>\n");
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
        x.append("      <property name=\"").append(Markup.xmlAttribute(name)).append("\" value=\"").append(Markup.xmlAttribute(value)).append("\"/>\n");
    }
}

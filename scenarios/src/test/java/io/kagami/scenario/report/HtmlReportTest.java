package io.kagami.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final String RUN = HtmlReport.render(List.of(Fixtures.run()));
    private static final String SWEEP = HtmlReport.render(Fixtures.sweep());

    private static String between(String html, String start, String end) {
        int i = html.indexOf(start);
        assertTrue(i >= 0, "no " + start);
        return html.substring(i, html.indexOf(end, i) + end.length());
    }

    @Test
    void nothingIsFetchedFromAnywhere() {
        for (String html : List.of(RUN, SWEEP)) {
            for (String s : List.of("http://", "https://", "src=", "url(", "@import", "<script", "<link", "xlink:href")) {
                assertFalse(html.contains(s), s);
            }
            Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
            while (href.find()) {
                assertTrue(href.group(1).startsWith("#"), href.group(0));
            }
        }
    }

    @Test
    void textIsEscaped() {
        assertFalse(RUN.contains("<script>"));
        assertTrue(RUN.contains("Crash network-8 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; watch &quot;takeover&quot;"));
        assertTrue(RUN.contains("<code>each takeover &lt; 4s</code>"));
    }

    @Test
    void saysWhatRanAndTheVerdicts() {
        assertTrue(RUN.contains("<h1>seed-failover</h1>"));
        assertTrue(RUN.contains("<tr><th>Seed</th><td>7</td></tr>"));
        assertTrue(RUN.contains("<tr><th>Virtual duration</th><td>60s</td></tr>"));
        assertTrue(RUN.contains("2 of 3 assertions failed"));
        assertTrue(RUN.contains("<td>2 failed, 0 held, 1 not applicable</td>"), "the each-takeover row counts segments");
    }

    @Test
    void theTimelineIsAnSvgOfStatesAndFaults() throws Exception {
        String svg = between(RUN, "<svg class=\"timeline\"", "</svg>");
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))); // well-formed
        assertTrue(svg.contains("<title>VR_1 on network-7: MASTER from 35.609474083s to 60s</title>"));
        assertTrue(svg.contains("<title>VR_3 on network-7: FAULT from 31s to 60s</title>"));
        assertTrue(svg.contains("<title>VR_1 on network-8: STOPPED from 30s to 60s</title>"));
        assertTrue(svg.contains("<title>30s network-8: node_crash: power off</title>"));
        assertTrue(svg.contains(">network-7</text>") && svg.contains(">network-8</text>"));
        assertEquals(1, count(svg, "class=\"fault-line\""));
        assertTrue(RUN.contains("<td>node_crash: power off</td>"), "the table of faults");
    }

    @Test
    void distributionsHaveTheirUnits() {
        String table = between(RUN, "<th class=\"num\">segments with a value</th>", "</table>");
        assertTrue(table.contains("<tr><td>takeover</td><td class=\"num\">1</td><td class=\"num\">5.609474083s</td>"), table);
        assertTrue(table.contains("<tr><td>probes_lost</td><td class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">7</td>"), table);
        assertTrue(RUN.contains("aria-label=\"Takeover, fault to new master: 1 segment\""));
    }

    @Test
    void theSlowestSegmentsComeFirstAndOnlyThoseThatHadSomething() {
        String table = between(RUN, "<table class=\"slowest\">", "</table>");
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr><td class=\"num\">\\d+</td><td>(\\d+)</td>").matcher(table);
        while (m.find()) {
            rows.add(m.group(1));
        }
        assertEquals(List.of("82", "80"), rows, "router82 never recovered: it is the slowest");
        assertTrue(table.contains("not recovered") && table.contains("6.804687s"));
    }

    @Test
    void nodeLoadIsDrawnPerNode() throws Exception {
        assertEquals(6, count(RUN, "<svg class=\"spark\""), "routers mastered, L3 queue and conntrack per node");
        String spark = between(RUN, "<svg class=\"spark\"", "</svg>");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(spark.getBytes(StandardCharsets.UTF_8)));
        String conntrack = between(RUN, "aria-label=\"conntrack entries on network-7\"", "</svg>");
        assertTrue(conntrack.contains(">2</text>"), "the y axis goes to the peak across nodes: " + conntrack);
        assertTrue(RUN.contains("<th>conntrack entries (router namespaces)</th>"));
        assertTrue(RUN.contains("2 conntrack entries<br>"), "the peak per node");
    }

    @Test
    void aSweepHasASummaryAndOneSectionPerRun() {
        assertTrue(SWEEP.contains("<h1>seed-failover: sweep of 2 runs</h1>"));
        String summary = between(SWEEP, "<table class=\"summary\">", "</table>");
        assertTrue(summary.contains("<th title=\"topology.keepalived.advert_int\">advert_int</th>"));
        assertTrue(summary.contains("<tr><td><a href=\"#run-1\">1</a></td><td>1s</td><td>100</td><td class=\"num\">5.609474083s</td>"
                + "<td class=\"num\">6.804687s</td><td class=\"num\">1 of 3</td><td class=\"fail\">FAIL</td></tr>"), summary);
        assertTrue(summary.contains("<td class=\"pass\">PASS</td>"));
        assertTrue(SWEEP.contains("<section class=\"run\" id=\"run-2\">\n<h2>Run 2: advert_int=2s, priority=100"));
        assertEquals(2, count(SWEEP, "<svg class=\"timeline\""));
        assertTrue(SWEEP.contains("1 of 2 runs broke an assertion"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}

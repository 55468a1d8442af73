package io.kagami.scenario.report;

import io.kagami.scenario.result.EachAssertion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.scenario.result.AssertionResult;
import io.kagami.scenario.result.ScenarioResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlTest {
    private static Document parse(List<ScenarioResult> runs) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(JunitXml.render(runs).getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            list.add((Element) n.item(i));
        }
        return list;
    }

    @Test
    void oneTestCasePerSegmentForEachAssertions() throws Exception {
        Element root = parse(List.of(Fixtures.run())).getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        List<Element> suites = elements(root, "testsuite");
        assertEquals(1, suites.size());
        Element suite = suites.get(0);
        assertEquals("seed-failover", suite.getAttribute("name"));
        List<Element> cases = elements(suite, "testcase");
        assertEquals(List.of("router80: each takeover < 4s", "router81: each takeover < 4s", "router82: each takeover < 4s",
                "p99 outage < 10s", "router80: each probes_lost <= 10", "router81: each probes_lost <= 10",
                "router82: each probes_lost <= 10"), cases.stream().map(c -> c.getAttribute("name")).toList());
        cases.forEach(c -> assertEquals("seed-failover", c.getAttribute("classname")));
        cases.forEach(c -> assertEquals("0", c.getAttribute("time")));
        assertEquals(List.of("router80: takeover 5.609474083s is not < 4s (by 1.609474083s)",
                "router82: no takeover after the fault that hit its master", "router82: 30 probes lost, more than 10"),
                elements(suite, "failure").stream().map(f -> f.getAttribute("message")).toList());
        assertEquals(1, elements(cases.get(1), "skipped").size());
        for (Element e : List.of(root, suite)) {
            assertEquals("7", e.getAttribute("tests"));
            assertEquals("3", e.getAttribute("failures"));
            assertEquals("1", e.getAttribute("skipped"));
            assertEquals("0", e.getAttribute("errors"));
        }
    }

    @Test
    void aSweepHasOneSuitePerRunNamedByItsParameters() throws Exception {
        Element root = parse(Fixtures.sweep()).getDocumentElement();
        List<Element> suites = elements(root, "testsuite");
        assertEquals(List.of("seed-failover [advert_int=1s, priority=100]", "seed-failover [advert_int=2s, priority=100]"),
                suites.stream().map(s -> s.getAttribute("name")).toList());
        assertEquals("3", suites.get(0).getAttribute("failures"));
        assertEquals("0", suites.get(1).getAttribute("failures"));
        assertEquals("1", suites.get(1).getAttribute("tests"));
        assertEquals("8", root.getAttribute("tests"));
        assertEquals("3", root.getAttribute("failures"));
        assertEquals("p99 outage < 10s [advert_int=2s, priority=100]",
                elements(suites.get(1), "testcase").get(0).getAttribute("name"));
        assertTrue(elements(suites.get(1), "property").stream().anyMatch(p ->
                p.getAttribute("name").equals("parameter.topology.keepalived.advert_int") && p.getAttribute("value").equals("2s")));
    }

    @Test
    void aFailedEachAssertionNamingNoSegmentStillFails() throws Exception {
        AssertionResult a = new AssertionResult("each flows_broken == 0", false, "flows_broken", "each", 1, "==", 0, null,
                "a flow broke");
        ScenarioResult r = Fixtures.run("d", Map.of(), List.of(a));
        Element suite = elements(parse(List.of(r)).getDocumentElement(), "testsuite").get(0);
        // router82 broke a flow: its own case fails, with the segment's message
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("router82: flows_broken 1 is not == 0",
                elements(suite, "failure").get(0).getAttribute("message"));
    }

    @Test
    void anAggregateFailureWithNoSegmentToBlameIsItsOwnCase() throws Exception {
        AssertionResult a = new AssertionResult("each split_brain == 0", false, "split_brain", "each", 1, "==", 0, null,
                "split brain somewhere");
        ScenarioResult r = Fixtures.run("d", Map.of(), List.of(a));
        Element suite = elements(parse(List.of(r)).getDocumentElement(), "testsuite").get(0);
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("each split_brain == 0", elements(suite, "failure").get(0).getParentNode().getAttributes()
                .getNamedItem("name").getNodeValue());
    }

    @Test
    void markupAndControlCharactersAreEscaped() throws Exception {
        AssertionResult a = new AssertionResult("p99 outage < 10s & \"more\"", false, "outage", "p99", 1, "<", 0, null,
                "<b>bold</b>\u0007 & 'quoted'\nsecond line");
        ScenarioResult r = Fixtures.run("d", Map.of(), List.of(a));
        Element suite = elements(parse(List.of(r)).getDocumentElement(), "testsuite").get(0);
        Element testcase = elements(suite, "testcase").get(0);
        assertEquals("p99 outage < 10s & \"more\"", testcase.getAttribute("name"));
        Element failure = elements(testcase, "failure").get(0);
        assertEquals("<b>bold</b>\uFFFD & 'quoted'\nsecond line", failure.getAttribute("message"));
        assertEquals("<b>bold</b>\uFFFD & 'quoted'\nsecond line", failure.getTextContent());
    }
}

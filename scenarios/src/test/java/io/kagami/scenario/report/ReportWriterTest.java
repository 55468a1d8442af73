package io.kagami.scenario.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.scenario.result.ScenarioResult;
import io.kagami.scenario.result.SegmentResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports appear whole or not at all, replace only earlier reports, and are the same bytes for the same results. */
class ReportWriterTest {
    @TempDir
    Path tmp;

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (String f : list(dir)) {
            m.put(f, Files.readAllBytes(dir.resolve(f)));
        }
        return m;
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    /** A result that breaks the writers half-way: a segment that is null. */
    private static ScenarioResult broken() {
        ScenarioResult r = Fixtures.run();
        List<SegmentResult> segments = new ArrayList<>(r.segments());
        segments.add(null);
        return new ScenarioResult(r.scenario(), r.description(), r.seed(), r.duration(), r.parameters(), segments,
                r.distributions(), r.lastConvergedAt(), r.timeline(), r.nodeLoad(), r.assertions(), r.digest(), r.events());
    }

    @Test
    void writesTheFourFilesAndNothingElse() throws IOException {
        Path out = tmp.resolve("out");
        ReportWriter.write(List.of(Fixtures.run()), out);
        assertEquals(List.of("junit.xml", "report.html", "report.json", "segments.csv"), list(out));
        assertEquals(List.of("out"), list(tmp), "no staging directory is left beside the report");
        for (String f : ReportWriter.RENDERED) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
    }

    @Test
    void createsMissingParents() throws IOException {
        Path out = tmp.resolve("a/b/out");
        ReportWriter.write(Fixtures.sweep(), out);
        assertEquals(4, list(out).size());
    }

    @Test
    void aWriteThatFailsLeavesNothingBehind() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Path out = file.resolve("out");
        assertThrows(IOException.class, () -> ReportWriter.write(List.of(Fixtures.run()), out));
        assertEquals(List.of("not-a-dir"), list(tmp));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void resultsThatCannotBeWrittenLeaveNoDirectoryAndNoParents() {
        Path out = tmp.resolve("new/out");
        assertThrows(RuntimeException.class, () -> ReportWriter.write(List.of(broken()), out));
        assertFalse(Files.exists(tmp.resolve("new")));
    }

    @Test
    void aFailedWriteLeavesThePreviousReportUntouched() throws IOException {
        Path out = tmp.resolve("out");
        ReportWriter.write(List.of(Fixtures.run()), out);
        Map<String, byte[]> before = contents(out);
        assertThrows(RuntimeException.class, () -> ReportWriter.write(List.of(Fixtures.sweep().get(0), broken()), out));
        assertSameFiles(before, contents(out));
        assertEquals(List.of("out"), list(tmp));
    }

    @Test
    void aPreviousReportIsReplacedAsAWhole() throws IOException {
        Path out = tmp.resolve("out");
        ReportWriter.write(List.of(Fixtures.run()), out);
        Files.delete(out.resolve("junit.xml")); // an earlier, partial report is still a report
        ReportWriter.write(Fixtures.sweep(), out);
        assertEquals(4, list(out).size());
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"kind\" : \"sweep\""));
        assertEquals(List.of("out"), list(tmp), "the previous report is deleted, not left beside");
    }

    @Test
    void anEmptyDirectoryIsUsed() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out"));
        ReportWriter.write(List.of(Fixtures.run()), out);
        assertEquals(4, list(out).size());
    }

    @Test
    void aDirectoryHoldingOtherFilesIsRefusedByName() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("results"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("report.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportWriter.write(List.of(Fixtures.run()), out));
        assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals("{}", Files.readString(out.resolve("report.json")));
        assertEquals(List.of("results"), list(tmp));
    }

    @Test
    void aFileInTheWayIsRefused() throws IOException {
        Path out = Files.writeString(tmp.resolve("out"), "keep");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportWriter.write(List.of(Fixtures.run()), out));
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
        assertEquals("keep", Files.readString(out));
    }

    @Test
    void noResultsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(List.of(), tmp.resolve("out")));
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void theSameResultsGiveTheSameBytes() throws IOException {
        ReportWriter.write(Fixtures.sweep(), tmp.resolve("one"));
        ReportWriter.write(Fixtures.sweep(), tmp.resolve("two"));
        assertSameFiles(contents(tmp.resolve("one")), contents(tmp.resolve("two")));
        ReportWriter.write(List.of(Fixtures.run()), tmp.resolve("three"));
        assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("one/report.html")),
                Files.readAllBytes(tmp.resolve("three/report.html"))));
    }

    /** Files whose last cannot be written (its directory does not exist): the disk fails half-way. */
    private static Map<String, byte[]> failingHalfWay() {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>(ReportWriter.render(List.of(Fixtures.run())));
        files.put("no-such-dir/x", new byte[] {1});
        return files;
    }

    @Test
    void aDiskFailureHalfWayLeavesThePreviousReportAndNoStaging() throws IOException {
        Path out = tmp.resolve("out");
        ReportWriter.write(Fixtures.sweep(), out);
        Map<String, byte[]> before = contents(out);
        assertThrows(IOException.class, () -> ReportWriter.place(failingHalfWay(), out));
        assertSameFiles(before, contents(out));
        assertEquals(List.of("out"), list(tmp));
    }

    @Test
    void aDiskFailureHalfWayRemovesTheParentsItCreated() {
        assertThrows(IOException.class, () -> ReportWriter.place(failingHalfWay(), tmp.resolve("a/b/out")));
        assertFalse(Files.exists(tmp.resolve("a")));
    }

    // ---------------------------------------------------------------- attachments (capture.pcap)

    @Test
    void anAttachmentIsWrittenWithTheReport() throws IOException {
        Path out = tmp.resolve("out");
        ReportWriter.write(List.of(Fixtures.run()), out,
                Map.of(ReportWriter.PCAP, file -> Files.write(file, new byte[] {1, 2, 3})));
        assertEquals(List.of("capture.pcap", "junit.xml", "report.html", "report.json", "segments.csv"), list(out));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out.resolve("capture.pcap")));
        assertEquals(List.of("out"), list(tmp));
    }

    @Test
    void anAttachmentThatFailsAbandonsTheWholeReport() throws IOException {
        Path out = tmp.resolve("out");
        ReportWriter.write(Fixtures.sweep(), out);
        Map<String, byte[]> before = contents(out);
        IOException e = assertThrows(IOException.class, () -> ReportWriter.write(List.of(Fixtures.run()), out,
                Map.of(ReportWriter.PCAP, file -> {
                    Files.write(file, new byte[] {1});
                    throw new IOException("disk full");
                })));
        assertEquals("disk full", e.getMessage());
        assertSameFiles(before, contents(out));
        assertEquals(List.of("out"), list(tmp), "no staging left");
        assertThrows(IOException.class, () -> ReportWriter.write(List.of(Fixtures.run()), tmp.resolve("new/out"),
                Map.of(ReportWriter.PCAP, file -> {})), "a writer that writes nothing");
        assertEquals(List.of("out"), list(tmp), "nor the parents it created");
    }

    @Test
    void aReportWithACaptureIsReplacedAsAWholeByOneWithout() throws IOException {
        Path out = tmp.resolve("out");
        ReportWriter.write(List.of(Fixtures.run()), out, Map.of(ReportWriter.PCAP, file -> Files.write(file,
                new byte[] {1})));
        ReportWriter.write(Fixtures.sweep(), out);
        assertEquals(List.of("junit.xml", "report.html", "report.json", "segments.csv"), list(out),
                "no capture of another run is left beside the new report");
    }

    @Test
    void onlyTheCaptureIsAnAttachment() {
        for (String name : List.of(ReportWriter.JSON, "notes.txt")) {
            assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(List.of(Fixtures.run()),
                    tmp.resolve("out"), Map.of(name, file -> Files.write(file, new byte[] {1}))), name);
        }
        assertFalse(Files.exists(tmp.resolve("out")));
    }
}

package io.kagami.net.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tshark} over a capture file with IPv4, UDP and TCP checksum validation on (ICMP's and
 * VRRP's are always validated) and returns the fields it read, one map per frame; with what judging
 * them needs. A missing tshark fails the test: it is never skipped.
 */
public final class Tshark {

    public static final long TIMEOUT_SECONDS = 120;
    /** Wireshark's checksum status values (proto.h: PROTO_CHECKSUM_E_BAD, _GOOD, _UNVERIFIED, _NOT_PRESENT). */
    public static final String BAD = "0";
    public static final String GOOD = "1";
    public static final String NOT_PRESENT = "3";
    /** Expert info severity PI_WARN (epan/proto.h); warnings and errors fail the test. */
    public static final long PI_WARN = 0x0060_0000L;
    public static final long PI_CHECKSUM = 0x0100_0000L;
    public static final long PI_MALFORMED = 0x0700_0000L;
    public static final List<String> CHECKSUM_STATUS_FIELDS = List.of("ip.checksum.status", "udp.checksum.status",
            "tcp.checksum.status", "icmp.checksum.status", "vrrp.checksum.status");
    public static final List<String> ALWAYS = List.of("frame.number", "frame.time_epoch", "frame.len",
            "frame.protocols", "_ws.malformed", "_ws.expert.severity", "_ws.expert.group", "_ws.expert.message");

    private Tshark() {}

    /**
     * Runs tshark over {@code pcap}, its output kept in {@code dir}, and returns for each frame the
     * fields {@link #ALWAYS}, {@link #CHECKSUM_STATUS_FIELDS} and {@code fields}: every occurrence of
     * a field comma-joined, empty where the frame has none.
     */
    public static List<Map<String, String>> read(Path pcap, Path dir, Collection<String> fields)
            throws IOException, InterruptedException {
        Set<String> all = new LinkedHashSet<>(ALWAYS);
        all.addAll(CHECKSUM_STATUS_FIELDS);
        all.addAll(fields);
        List<String> command = new ArrayList<>(command(pcap));
        for (String field : all) {
            command.add("-e");
            command.add(field);
        }
        Path stdout = dir.resolve("tshark.out");
        Path stderr = dir.resolve("tshark.err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tshark did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
        }
        String errors = Files.readString(stderr);
        assertEquals(0, process.exitValue(), () -> "tshark failed: " + String.join(" ", command) + "\n" + errors);
        List<String> names = List.copyOf(all);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(stdout)) {
            String[] cells = line.split("\t", -1);
            assertEquals(names.size(), cells.length, () -> "tshark line '" + line + "' for fields " + names);
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 0; k < cells.length; k++) {
                row.put(names.get(k), cells[k]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Fails if the frame has expert info of warning severity or above, or of the checksum or malformed group. */
    public static void assertNoWarnings(Map<String, String> row, String where) {
        List<String> severities = values(row.get("_ws.expert.severity"));
        List<String> groups = values(row.get("_ws.expert.group"));
        for (int k = 0; k < severities.size(); k++) {
            long severity = Long.parseLong(severities.get(k));
            long group = Long.parseLong(groups.get(k));
            assertTrue(severity < PI_WARN && group != PI_CHECKSUM && group != PI_MALFORMED,
                    "expert info of severity " + severity + ", group " + group + " in " + where);
        }
    }

    /** The occurrences of a field as tshark joined them. */
    public static List<String> values(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(",", -1));
    }

    /** The tshark command line, without the {@code -e} fields. */
    private static List<String> command(Path pcap) {
        String tshark = findOnPath("tshark").orElseThrow(() -> new AssertionError(
                "tshark not found: apt-get install tshark; .ci/run installs it"));
        return List.of(tshark, "-n", "-r", pcap.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "quote=n");
    }

    private static Optional<String> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            File candidate = new File(directory, program);
            if (candidate.isFile() && candidate.canExecute()) {
                return Optional.of(candidate.getPath());
            }
        }
        return Optional.empty();
    }
}

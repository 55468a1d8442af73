package io.kagami.scenario.cli;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.net.testing.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kagami run --pcap}: a capture written with the reports, read back by tshark (Wireshark's
 * dissectors as an independent judge): every frame decodes, VRRP is there on the ha- wires and
 * VXLAN on the tunnels, the narrowing options narrow, and the capture changes nothing else.
 */
class RunPcapTest {
    @TempDir
    Path dir;

    /** One frame as tshark read it. */
    private record Frame(String protocols, String malformed, String vni) {
        boolean vrrp() {
            return protocols.endsWith(":ip:vrrp");
        }

        boolean vxlan() {
            return protocols.contains(":udp:vxlan:");
        }
    }

    /** The seed deployment for 12 s, SSH through every floating IP from 8 s. */
    private Path scenario() throws Exception {
        return Files.writeString(dir.resolve("short.yaml"), """
                name: short
                duration: 12s
                probes:
                  - type: ssh
                    start: 8s
                """);
    }

    @Test
    void tsharkDecodesTheCaptureWithVrrpOnTheHaWiresAndVxlanOnTheTunnels() throws Exception {
        Path out = dir.resolve("out");
        KagamiRun o = kagami("run", scenario().toString(), "--out", out.toString(), "--pcap");
        assertEquals(0, o.status(), o.out() + o.err());
        assertEquals("", o.err(), "no progress bar when stderr is not a terminal");
        assertEquals(List.of("capture.pcap", "junit.xml", "report.html", "report.json", "segments.csv"), list(out));
        Matcher said = Pattern.compile("capture\\.pcap: (\\d+) frames on 33 wires\\)").matcher(o.out());
        assertTrue(said.find(), "6 routers' ha-, qr-, qg- and the 15 wires of the tunnel mesh: " + o.out());

        List<Frame> frames = tshark(out.resolve("capture.pcap"));
        assertEquals(Integer.parseInt(said.group(1)), frames.size(), "tshark reads every frame written");
        for (Frame f : frames) {
            assertEquals("", f.malformed(), f.toString());
            assertTrue(f.protocols().matches("eth:ethertype:(ip:udp:vxlan:eth:ethertype:)?(arp|ip:vrrp|ip:tcp|ip:tcp:ssh)"),
                    "decoded to the last layer: " + f);
        }
        assertTrue(frames.stream().anyMatch(f -> f.vrrp() && !f.vxlan()), "VRRP adverts on the ha- wires");
        assertTrue(frames.stream().anyMatch(f -> f.vrrp() && f.vxlan()), "the same over the tunnels, in VXLAN");
        assertTrue(frames.stream().anyMatch(f -> f.protocols().endsWith(":ssh") && f.vxlan()),
                "the SSH sessions over the tunnels");
        assertTrue(frames.stream().anyMatch(f -> f.protocols().endsWith(":ssh") && !f.vxlan()),
                "and on the qg-/qr- wires");

        Path plain = dir.resolve("plain");
        assertEquals(0, kagami("run", scenario().toString(), "--out", plain.toString()).status());
        assertArrayEquals(Files.readAllBytes(plain.resolve("report.json")), Files.readAllBytes(out.resolve("report.json")),
                "capturing changes nothing the run measures, its trace digest included");
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"conntrack_entries\""));
    }

    @Test
    void theNarrowingOptionsNarrowAndTheCaptureIsTheSameOnAnyPartitioning() throws Exception {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        for (Path out : List.of(one, two)) {
            KagamiRun o = kagami("run", scenario().toString(), "--out", out.toString(), "--pcap", "--pcap-nodes",
                    "network-7", "--pcap-interfaces", "ha,tunnel", "--partitions", out == one ? "1" : "2");
            assertEquals(0, o.status(), o.out() + o.err());
            assertTrue(o.out().contains("on 8 wires)"), "3 ha- wires and network-7's 5 tunnel wires: " + o.out());
        }
        assertArrayEquals(Files.readAllBytes(one.resolve("capture.pcap")), Files.readAllBytes(two.resolve("capture.pcap")));
        List<Frame> frames = tshark(one.resolve("capture.pcap"));
        assertFalse(frames.isEmpty());
        assertTrue(frames.stream().allMatch(f -> f.vxlan() || f.vrrp() || f.protocols().endsWith(":arp")),
                "ha- carries VRRP and ARP only; everything else came over the tunnels");

        Path qg = dir.resolve("qg");
        assertEquals(0, kagami("run", scenario().toString(), "--out", qg.toString(), "--pcap", "--pcap-interfaces",
                "qg").status());
        List<Frame> external = tshark(qg.resolve("capture.pcap"));
        assertTrue(external.stream().noneMatch(f -> f.vrrp() || f.vxlan()), "qg- is the external side");
        assertTrue(external.stream().anyMatch(f -> f.protocols().endsWith(":ssh")));
    }

    @Test
    void badCaptureOptionsAreOneMessageAndNothingIsWritten() throws Exception {
        String file = scenario().toString();
        Path out = dir.resolve("out");
        Map<String, String[]> cases = new TreeMap<>();
        cases.put("--pcap writes capture.pcap into the report directory: add --out DIR", new String[] {"--pcap"});
        cases.put("--pcap-nodes narrows --pcap: add --pcap", new String[] {"--out", out.toString(), "--pcap-nodes",
            "network-7"});
        cases.put("--pcap-nodes: no node 'network-9' with interfaces to capture; the nodes are compute-3, compute-4,"
                + " compute-5, compute-6, network-7, network-8", new String[] {"--out", out.toString(), "--pcap",
                    "--pcap-nodes", "network-9"});
        cases.put("--pcap-interfaces: 'qx' matches no interface on any node", new String[] {"--out", out.toString(),
            "--pcap", "--pcap-interfaces", "ha,qx"});
        cases.put("--pcap-interfaces: 'ha' matches no interface on compute-3", new String[] {"--out", out.toString(),
            "--pcap", "--pcap-nodes", "compute-3", "--pcap-interfaces", "ha"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("run", file));
            args.addAll(List.of(c.getValue()));
            KagamiRun o = kagami(args.toArray(String[]::new));
            assertEquals(2, o.status(), args + ": " + o.err());
            assertTrue(o.err().contains(c.getKey()), args + ": " + o.err());
            assertEquals(2, o.err().lines().count(), "one message and the pointer to --help: " + o.err());
            assertFalse(Files.exists(out), "nothing written");
        }
        KagamiRun drill = kagami("run", "keepalived-pair", "--pcap");
        assertEquals(2, drill.status());
        assertTrue(drill.err().contains("--pcap applies to scenario files"), drill.err());
    }

    @Test
    void anOutThatWouldBeRefusedIsRefusedBeforeTheRun() throws Exception {
        Path out = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "keep");
        KagamiRun o = kagami("run", scenario().toString(), "--out", out.toString(), "--pcap");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("holds files that are not a Kagami report (notes.txt)"), o.err());
        assertEquals("", o.out(), "refused before running, so nothing was printed");
    }

    @Test
    void helpDescribesTheCapture() {
        String help = kagami("run", "--help").out();
        for (String option : List.of("--pcap", "--pcap-nodes", "--pcap-interfaces")) {
            assertTrue(help.contains(option), option);
        }
        assertTrue(help.contains("A progress bar is shown on stderr during long runs when it is a terminal."), help);
    }

    private static List<String> list(Path out) throws Exception {
        try (var s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** tshark's reading of every frame; a missing tshark fails the test, it is never skipped. */
    private List<Frame> tshark(Path pcap) throws Exception {
        return Tshark.read(pcap, dir, List.of("vxlan.vni")).stream()
                .map(row -> new Frame(row.get("frame.protocols"), row.get("_ws.malformed"), row.get("vxlan.vni")))
                .toList();
    }
}

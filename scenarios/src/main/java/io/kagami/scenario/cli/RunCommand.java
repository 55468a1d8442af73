package io.kagami.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kagami.core.Kernel;
import io.kagami.core.SimulationFailure;
import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.CloudSpec;
import io.kagami.net.topology.CloudSpec.KeepalivedSettings;
import io.kagami.net.topology.HaRouter;
import io.kagami.scenario.builtin.Fault;
import io.kagami.scenario.builtin.KeepalivedFailover;
import io.kagami.scenario.builtin.SeedFailover;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kagami run [SCENARIO]}: a scenario file (YAML or JSON, see docs/scenarios.md) or a built-in
 * scenario; Neutron's settings unless told otherwise. With a file: reports under --out, and the
 * exit status says whether its assertions held.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a scenario file (.yaml, .yml or .json; see docs/scenarios.md and 'kagami schema') or a built-in"
                + " drill, and prints per segment the takeover, the outage its probes saw, split brain and the"
                + " assertions' verdicts. Exit status 1 when an assertion fails.",
            "Built-in drills:",
            "  seed-failover    (default) the seed deployment packet by packet: 8 servers, 3 HA routers on network"
                + " nodes 7 and 8, SSH from a client outside to every VM's floating IP from 10s; at --fault-at the"
                + " network node hosting the most masters fails.",
            "  keepalived-pair  keepalived alone on two nodes joined by a LAN: the VRRP timers, fast.",
            "Defaults are what Neutron renders: VRRPv2, advert_int 2s, priority 50, nopreempt."},
        footer = {"", "A progress bar is shown on stderr during long runs when it is a terminal.", "",
            "Examples:", "  kagami run", "  kagami run --fault sigterm --fault-at 20s --json",
            "  kagami run keepalived-pair --vrrp-version 3 --advert-int 500ms --priorities 100,50",
            "  kagami run crash.yaml --out crash/ --pcap --pcap-interfaces ha,tunnel",
            "  tshark -r crash/capture.pcap -Y vrrp"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", defaultValue = "seed-failover",
            description = "a scenario file, a built-in scenario (kagami list), or the drill seed-failover"
                + " (default) or keepalived-pair")
    String scenario;

    @Option(names = "--out", paramLabel = "DIR", description = "write report.json, segments.csv, junit.xml and"
            + " report.html here, and capture.pcap with --pcap (scenario files only); written whole or not at all")
    java.nio.file.Path out;

    @Option(names = "--pcap", description = "also write capture.pcap into --out, in the same step as the reports:"
            + " what tcpdump would have captured, frames stamped with virtual time (scenario files only). By"
            + " default every router namespace's ha-, qr- and qg- interfaces on every network node and every"
            + " tunnel NIC's wires; the frames are kept in memory until the run ends, so narrow it for big"
            + " clouds")
    boolean pcap;

    @Option(names = "--pcap-nodes", paramLabel = "NODE", split = ",",
            description = "--pcap on these nodes only (network-7,compute-3). Default: every node")
    List<String> pcapNodes;

    @Option(names = "--pcap-interfaces", paramLabel = "IF", split = ",",
            description = "--pcap on these interfaces only: ha, qr, qg, tunnel (the tunnel NIC's wires), or the"
                + " start of an interface's name (ha-1a2b3c4d). Default: ha,qr,qg,tunnel")
    List<String> pcapInterfaces;

    @Option(names = "--fault", paramLabel = "KIND", completionCandidates = FaultKinds.class,
            description = "how the master fails: ${COMPLETION-CANDIDATES}"
            + " (crash = power off, no priority-0 advert; sigterm = keepalived stopped gracefully). Default: crash")
    Fault fault = Fault.CRASH;

    @Option(names = "--fault-at", paramLabel = "TIME", converter = DurationConverter.class,
            description = "virtual time of the fault. Default: 30s")
    long faultAt = 30 * VirtualTime.SECOND;

    @Option(names = "--until", paramLabel = "TIME", converter = DurationConverter.class,
            description = "virtual time at which the run ends. Default: 60s")
    long until = 60 * VirtualTime.SECOND;

    @Option(names = "--vrrp-version", paramLabel = "2|3", description = "VRRP version. Default: 2")
    int version = 2;

    @Option(names = "--advert-int", paramLabel = "TIME", converter = DurationConverter.class,
            description = "advert_int: whole seconds for VRRPv2, whole centiseconds for v3. Default: 2s")
    long advertInterval = 2 * VirtualTime.SECOND;

    @Option(names = "--preempt", description = "drop nopreempt (Neutron always sets it)")
    boolean preempt;

    @Option(names = "--priorities", paramLabel = "P7,P8", split = ",",
            description = "keepalived-pair: priority on network-7 and network-8, 1..255. Default: 50,50")
    List<Integer> priorities;

    @Option(names = "--start-offset", paramLabel = "TIME", converter = DurationConverter.class,
            description = "keepalived-pair: start keepalived on network-8 this long after network-7. Default: 0s")
    Long startOffset;

    @Option(names = "--latency", paramLabel = "TIME", converter = DurationConverter.class,
            description = "keepalived-pair: one-way latency of the HA network. Default: 200us")
    Long latency;

    @Option(names = "--partitions", paramLabel = "N",
            description = "kernel partitions; results are the same for any number. Default: 1")
    int partitions = 1;

    @Option(names = "--seed", paramLabel = "N", description = "seed of every random stream. Default: 1")
    long seed = 1;

    @Option(names = "--json", description = "print the report as JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (isFile(scenario)) {
            return runFile(null);
        }
        if (!DRILLS.contains(scenario)) {
            java.util.Optional<io.kagami.scenario.file.Scenario> builtin;
            try {
                builtin = io.kagami.scenario.file.ScenarioLoader.loadBuiltin(scenario);
            } catch (io.kagami.scenario.file.ScenarioException e) {
                spec.commandLine().getErr().println("kagami run: the built-in scenario " + scenario + " is broken (a"
                        + " bug, please report it): " + e.getMessage());
                return Kagami.INTERNAL_ERROR;
            }
            if (builtin.isPresent()) {
                return runFile(builtin.get());
            }
        }
        for (String option : PCAP_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + " applies to scenario files; the built-in"
                        + " drills " + String.join(" and ", DRILLS) + " capture nothing");
            }
        }
        if (out != null) {
            throw new ParameterException(spec.commandLine(), "--out applies to scenario files; the built-in drills"
                    + " print their report");
        }
        Object report;
        try (Kernel kernel = Kernel.create(Math.min(partitions, Runtime.getRuntime().availableProcessors()))) {
            report = switch (scenario) {
                case "seed-failover" -> SeedFailover.run(kernel, seedSettings());
                case "keepalived-pair" -> KeepalivedFailover.run(kernel, pairSettings());
                default -> throw new ParameterException(spec.commandLine(), "unknown scenario '" + scenario
                        + "': not a file, and the built-in scenarios are " + String.join(", ", DRILLS) + ", "
                        + String.join(", ", io.kagami.scenario.file.BuiltinScenarios.names()) + " (kagami list)");
            };
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (SimulationFailure e) {
            spec.commandLine().getErr().println("kagami run: the simulator failed (a bug, please report it): "
                    + e.getMessage());
            return Kagami.INTERNAL_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> tree = report instanceof SeedFailover.Report r ? ReportJson.of(r)
                    : ReportJson.of((KeepalivedFailover.Report) report);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree));
        } else if (report instanceof SeedFailover.Report r) {
            new SeedFailoverText(out).print(r);
        } else {
            new FailoverText(out).print((KeepalivedFailover.Report) report);
        }
        out.flush();
        return 0;
    }

    /** --fault's values as the help and the completion script offer them: lower case, as typed. */
    static final class FaultKinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Fault.values()).map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                    .iterator();
        }
    }

    /** The built-in drills written in Java, which take options rather than a file. */
    private static final List<String> DRILLS = List.of("seed-failover", "keepalived-pair");

    private static boolean isFile(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")
                || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(name));
    }

    /** Options of the capture, which only scenario files take. */
    private static final List<String> PCAP_OPTIONS = List.of("--pcap", "--pcap-nodes", "--pcap-interfaces");

    /** Options that only the built-in drills take. */
    private static final List<String> DRILL_OPTIONS = List.of("--fault", "--fault-at", "--until", "--vrrp-version",
            "--advert-int", "--preempt", "--priorities", "--start-offset", "--latency");

    /** A scenario file, or {@code builtin} (a built-in scenario found by name) if not null. */
    private int runFile(io.kagami.scenario.file.Scenario builtin) throws Exception {
        for (String option : DRILL_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + " applies to the built-in drills; a scenario"
                        + " file says it in its own fields (docs/scenarios.md)");
            }
        }
        io.kagami.scenario.file.Scenario file = builtin;
        try {
            if (file == null) {
                file = io.kagami.scenario.file.ScenarioLoader.load(java.nio.file.Path.of(scenario));
            }
        } catch (io.kagami.scenario.file.ScenarioException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (file.sweep() != null && !file.sweep().isEmpty()) {
            throw new ParameterException(spec.commandLine(), scenario + " has a sweep: run it with 'kagami sweep "
                    + scenario + "', or remove 'sweep' to run it once");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            file = new io.kagami.scenario.file.Scenario(file.name(), file.description(), seed, file.duration(),
                    file.topology(), file.startup(), file.probes(), file.faults(), file.assertions(), file.sweep());
        }
        checkCapture();
        if (out != null) {
            String refusal = OutDirectory.refusal(out); // before the run, which may take long, rather than after
            if (refusal != null) {
                throw new ParameterException(spec.commandLine(), refusal);
            }
        }
        io.kagami.scenario.result.ScenarioResult result;
        io.kagami.core.RunResult run;
        List<String> captures = List.of();
        try (Kernel kernel = Kernel.create(Math.min(partitions, Runtime.getRuntime().availableProcessors()))) {
            // ScenarioRunner.run's steps, with the run started rather than awaited: to capture, and to show progress
            io.kagami.scenario.run.ScenarioRunner.Prepared prepared =
                    io.kagami.scenario.run.ScenarioRunner.prepare(kernel, file, partitions);
            if (pcap) {
                captures = selectCaptures(prepared);
            }
            long duration = prepared.scenario().duration().nanos();
            io.kagami.core.RunHandle handle = io.kagami.scenario.run.ScenarioRunner.start(kernel, prepared);
            try (ProgressBar.Shown bar = ProgressBar.onTerminal(spec.commandLine().getErr(), duration,
                    handle::horizon)) {
                run = handle.await();
            }
            result = io.kagami.scenario.run.Measurements.of(prepared, Map.of(), run);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), scenario + ": " + e.getMessage());
        } catch (SimulationFailure e) {
            spec.commandLine().getErr().println("kagami run: the simulator failed (a bug, please report it): "
                    + e.getMessage());
            return Kagami.INTERNAL_ERROR;
        }
        int[] frames = new int[1];
        if (out != null) {
            Map<String, io.kagami.scenario.report.ReportWriter.Attachment> attachments = new java.util.HashMap<>();
            if (pcap) {
                io.kagami.core.RunResult captured = run;
                List<String> wires = captures;
                attachments.put(io.kagami.scenario.report.ReportWriter.PCAP,
                        f -> frames[0] = io.kagami.net.pcap.PcapExport.write(captured, wires, f));
            }
            try {
                io.kagami.scenario.report.ReportWriter.write(List.of(result), out, attachments);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--out: " + e.getMessage());
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("kagami run: a captured frame does not encode (a bug, please"
                        + " report it); nothing was written to " + out + ": " + e.getMessage());
                return Kagami.INTERNAL_ERROR;
            } catch (java.io.IOException e) {
                throw new ParameterException(spec.commandLine(), "--out: cannot write the reports to " + out + ": "
                        + e.getMessage());
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(io.kagami.scenario.report.ReportWriter.json(List.of(result)));
        } else {
            new ScenarioText(w).print(result);
            if (out != null) {
                w.printf("%nreports in %s (report.html, report.json, segments.csv, junit.xml%s)%n", out,
                        pcap ? String.format(", capture.pcap: %d frames on %d %s", frames[0], captures.size(),
                                captures.size() == 1 ? "wire" : "wires") : "");
            }
        }
        w.flush();
        return result.passed() ? 0 : Kagami.ASSERTION_FAILED;
    }

    /** The capture options make sense together: --pcap goes into --out, and the narrowing needs --pcap. */
    private void checkCapture() {
        if (pcap && out == null) {
            throw new ParameterException(spec.commandLine(), "--pcap writes capture.pcap into the report directory:"
                    + " add --out DIR");
        }
        if (!pcap) {
            for (String option : List.of("--pcap-nodes", "--pcap-interfaces")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ParameterException(spec.commandLine(), option + " narrows --pcap: add --pcap");
                }
            }
        }
    }

    /** Captures the wires that --pcap and its narrowing select, on the cloud about to run. */
    private List<String> selectCaptures(io.kagami.scenario.run.ScenarioRunner.Prepared prepared) {
        try {
            return PcapSelection.capture(prepared.cloud(), pcapNodes, pcapInterfaces);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private SeedFailover.Settings seedSettings() {
        for (var pairOnly : List.of(new Object[] {"--priorities", priorities}, new Object[] {"--start-offset",
                startOffset}, new Object[] {"--latency", latency})) {
            if (pairOnly[1] != null) {
                throw new ParameterException(spec.commandLine(), pairOnly[0] + " applies to keepalived-pair only");
            }
        }
        KeepalivedSettings defaults = KeepalivedSettings.neutronDefaults();
        KeepalivedSettings k;
        try {
            k = new KeepalivedSettings(version, advertInterval, defaults.priority(), !preempt,
                    defaults.garpMasterRepeat(), defaults.garpMasterDelay());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CloudSpec seedSpec = CloudSpec.seed();
        CloudSpec cloud = seedSpec.withHa(new CloudSpec.HaSettings(seedSpec.ha().haCidr(),
                seedSpec.ha().agentsPerRouter(), k));
        return new SeedFailover.Settings(cloud, fault, faultAt, 10 * VirtualTime.SECOND, until, partitions, seed);
    }

    private KeepalivedFailover.Settings pairSettings() {
        List<Integer> p = priorities == null ? List.of(50, 50) : priorities;
        if (p.size() != 2) {
            throw new ParameterException(spec.commandLine(), "--priorities takes two values (network-7,network-8),"
                    + " got " + p.size());
        }
        HaRouter.Spec router = new HaRouter.Spec(1, version, advertInterval, !preempt,
                latency == null ? 200 * VirtualTime.MICROSECOND : latency, List.of(
                new HaRouter.Node("network-7", Ipv4Address.of(169, 254, 192, 1), p.get(0), 0),
                new HaRouter.Node("network-8", Ipv4Address.of(169, 254, 192, 2), p.get(1),
                        startOffset == null ? 0 : startOffset)));
        router.nodes().forEach(router::config); // validates version, priority and advert_int
        return new KeepalivedFailover.Settings(router, fault, faultAt, until, partitions, seed);
    }
}

package io.kagami.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kagami.core.SimulationFailure;
import io.kagami.core.VirtualTime;
import io.kagami.net.packet.Ipv4Address;
import io.kagami.net.topology.HaRouter;
import io.kagami.scenario.builtin.KeepalivedFailover;
import io.kagami.scenario.builtin.KeepalivedFailover.Fault;
import io.kagami.scenario.builtin.KeepalivedFailover.Report;
import io.kagami.scenario.builtin.KeepalivedFailover.Settings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kagami run}: the built-in keepalived failover drill, Neutron's settings unless told otherwise. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the built-in failover drill: one Neutron HA router's keepalived on network nodes 7 and 8 elect"
                + " a master; at --fault-at the master fails and a backup takes over. Prints who became master"
                + " when, and the takeover time against keepalived's bounds.",
            "Defaults are what Neutron renders: VRRPv2, advert_int 2s, priority 50 on both, nopreempt."},
        footer = {"", "Examples:", "  kagami run", "  kagami run --fault sigterm --fault-at 20s",
            "  kagami run --vrrp-version 3 --advert-int 500ms --priorities 100,50 --json"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fault", paramLabel = "KIND", description = "how the master fails: ${COMPLETION-CANDIDATES}"
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

    @Option(names = "--priorities", paramLabel = "P7,P8", split = ",",
            description = "keepalived priority on network-7 and network-8, 1..255. Default: 50,50")
    List<Integer> priorities = List.of(50, 50);

    @Option(names = "--preempt", description = "drop nopreempt (Neutron always sets it)")
    boolean preempt;

    @Option(names = "--start-offset", paramLabel = "TIME", converter = DurationConverter.class,
            description = "start keepalived on network-8 this long after network-7. Default: 0s")
    long startOffset;

    @Option(names = "--latency", paramLabel = "TIME", converter = DurationConverter.class,
            description = "one-way latency of the HA network. Default: 200us")
    long latency = 200 * VirtualTime.MICROSECOND;

    @Option(names = "--partitions", paramLabel = "N",
            description = "kernel partitions; results are the same for any number. Default: 1")
    int partitions = 1;

    @Option(names = "--seed", paramLabel = "N", description = "seed of every random stream. Default: 1")
    long seed = 1;

    @Option(names = "--json", description = "print the report as JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        Report report;
        try {
            report = KeepalivedFailover.run(settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--fault-at: " + e.getMessage());
        } catch (SimulationFailure e) {
            spec.commandLine().getErr().println("kagami run: the simulator failed (a bug, please report it): "
                    + e.getMessage());
            return Kagami.INTERNAL_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(jsonOf(report)));
        } else {
            new FailoverText(out).print(report);
        }
        out.flush();
        return 0;
    }

    private Settings settings() {
        if (priorities.size() != 2) {
            throw new ParameterException(spec.commandLine(), "--priorities takes two values (network-7,network-8),"
                    + " got " + priorities.size());
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        try {
            HaRouter.Spec router = new HaRouter.Spec(1, version, advertInterval, !preempt, latency, List.of(
                    new HaRouter.Node("network-7", Ipv4Address.of(169, 254, 192, 1), priorities.get(0), 0),
                    new HaRouter.Node("network-8", Ipv4Address.of(169, 254, 192, 2), priorities.get(1), startOffset)));
            router.nodes().forEach(router::config); // validates version, priority and advert_int
            return new Settings(router, fault, faultAt, until, partitions, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Times in JSON are integers of nanoseconds, named *_ns. */
    private static Map<String, Object> jsonOf(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        Settings s = r.settings();
        m.put("scenario", "keepalived-failover");
        m.put("vrrp_version", s.router().version());
        m.put("advert_int_ns", s.router().advertInterval());
        m.put("nopreempt", s.router().nopreempt());
        m.put("seed", s.seed());
        m.put("initial_master", Map.of("node", r.initialMaster(), "since_ns", r.masterSince(),
                "expected_election_ns", r.expectedElection()));
        m.put("fault", Map.of("kind", s.fault().name().toLowerCase(), "node", r.initialMaster(), "at_ns", s.faultAt()));
        m.put("takeover", r.takeover().map(t -> {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("node", t.node());
            tm.put("at_ns", t.at());
            tm.put("after_fault_ns", t.afterFault());
            tm.put("bound_low_ns", t.lowerBound());
            tm.put("bound_high_ns", t.upperBound());
            tm.put("within_bounds", t.withinBounds());
            return tm;
        }).orElse(null));
        List<Map<String, Object>> log = new ArrayList<>();
        r.log().forEach(l -> log.add(Map.of("time_ns", l.time(), "node", l.node(), "line", l.line())));
        m.put("log", log);
        m.put("trace_digest", r.digest());
        return m;
    }
}

package io.kagami.bench.scale;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioException;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.run.ScenarioRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scale benchmark: a 10-minute mass failover (a network node powers off at minute 5) at N
 * segments, each size in a JVM of its own with a fixed heap and {@link #TRIAL_JVM_OPTIONS}, one after the
 * other. For each: the time
 * to build the model, the wall time of the run, its events, events per second, virtual seconds per
 * wall second, and the peak live heap: the most the heap held right after any garbage collection
 * during the build and the run (what the model needs, garbage left out), in all and per segment. The
 * run's digest shows the results do not depend on the partitioning ({@code --partitions}).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.kagami.bench.scale.ScaleBenchmark [--heap 4g] [--partitions 1] 10 100 1000 10000</pre>
 *
 * <p>The cloud has the same shape at every size, so that the cost per segment compares: 6 network
 * nodes, 4 compute nodes, 254 routers per project (one HA network each), and external networks
 * shared by up to 200 segments. 10,000 segments cannot be built on the seed's two network nodes,
 * as they cannot in Neutron: each would need 20,000 local VLANs of the OVS agent's 4094. Every
 * router has its keepalived on two of the six nodes; network-7, the first, hosts a third of them and
 * is master of about half of those, which fail over. No probes: what is measured is N HA routers'
 * VRRP over the HA networks, keepalived, the L3 agents and neutron-server.
 */
public final class ScaleBenchmark {

    private static final long DURATION_S = 600;

    private ScaleBenchmark() {}

    private static final int NETWORK_NODES = 6;
    private static final int SEGMENTS_PER_EXTERNAL_NETWORK = 200;

    /** The scenario run at {@code segments} segments. */
    static String scenario(int segments) {
        return """
                name: scale-%d
                description: network-7 powers off at minute 5 of 10
                duration: %ds
                topology:
                  segments: %d
                  network_nodes: %d
                  external_networks: %d
                faults:
                  - at: %ds
                    kind: node_crash
                    node: network-7
                """.formatted(segments, DURATION_S, segments, NETWORK_NODES,
                (segments + SEGMENTS_PER_EXTERNAL_NETWORK - 1) / SEGMENTS_PER_EXTERNAL_NETWORK, DURATION_S / 2);
    }

    public static void main(String[] args) throws Exception {
        String heap = "4g";
        int partitions = 1;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--heap" -> heap = args[++i];
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--trial" -> {
                    trial(Integer.parseInt(args[++i]), Integer.parseInt(args[++i]));
                    return;
                }
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10, 100, 1000, 10000);
        }
        System.out.printf("| segments | build s | run s | events | events per segment | events/s"
                + " | virtual s per wall s | peak live heap MiB | KiB per segment | digest |%n");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (int n : sizes) {
            System.out.println(fork(n, heap, partitions));
        }
    }

    /**
     * The garbage collector of each trial's JVM: the parallel collector, not the default G1. A run
     * mutates a large old generation (MAC tables, flows, timers) at every event, and G1's write
     * barriers and concurrent refinement threads cost the partitions about a third of their time on a
     * 2-core machine (10,000 segments on 2 partitions: 85 s with G1, 60 s without; see bench/RESULTS.md).
     * Objects that survive one young collection are promoted: the model is built once and lives as long
     * as the run, so copying it between survivor spaces again and again is wasted (3% at 10,000 segments).
     */
    static final List<String> TRIAL_JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-XX:MaxTenuringThreshold=1");

    /** Runs one size in a JVM of its own, so that no size inherits another's heap or JIT state. */
    private static String fork(int segments, String heap, int partitions) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap));
        command.addAll(TRIAL_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleBenchmark.class.getName(), "--trial",
                Integer.toString(segments), Integer.toString(partitions)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.lines().filter(l -> l.startsWith("|")).reduce((a, b) -> b).orElse(null);
        }
        int exit = p.waitFor();
        return exit == 0 && line != null ? line
                : "| " + segments + " | failed (exit " + exit + ", see stderr) | | | | | | | | |";
    }

    private static void trial(int segments, int partitions) throws ScenarioException {
        Scenario scenario = ScenarioLoader.parse(scenario(segments), "scale-" + segments + ".yaml");
        LiveHeap heap = LiveHeap.watch();
        Kernel kernel = Kernel.create(partitions);
        try {
            long t0 = System.nanoTime();
            ScenarioRunner.Prepared prepared = ScenarioRunner.prepare(kernel, scenario, partitions);
            long t1 = System.nanoTime();
            RunResult result = ScenarioRunner.start(kernel, prepared).await();
            long t2 = System.nanoTime();
            double run = (t2 - t1) / 1e9;
            long events = result.metrics().events();
            long peak = heap.peak();
            System.out.println(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %,d | %,d | %,.0f | %.1f | %,d | %,.0f | %s |",
                    segments, (t1 - t0) / 1e9, run, events, events / segments, events / run, DURATION_S / run, peak >> 20,
                    peak / 1024.0 / segments, result.digest()));
        } finally {
            kernel.close();
        }
    }
}

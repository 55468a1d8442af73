package io.kagami.bench;

import io.kagami.bench.net.PacketPath;
import io.kagami.core.Kernel;
import io.kagami.core.KernelMetrics;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated packet-hops per second of wall time through br-int -> br-tun -> VXLAN -> br-tun ->
 * br-int -> namespace: one op is one batch run of {@link PacketPath} (a ping flood between two VMs
 * on two compute nodes) for {@value #DURATION_MS} ms of virtual time. The primary score is runs per
 * second; {@code run:hops} is hops per second (a hop is one frame handled by one device on the
 * path, see {@link PacketPath}) and {@code run:events} all kernel events per second.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar PacketPathBenchmark -rf json -rff /tmp/packet-path.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 10, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 10, timeUnit = TimeUnit.SECONDS)
public class PacketPathBenchmark {

    /**
     * Virtual time per op: ~100,000 pings, ~1.4 million hops, about as many events as an op of
     * {@link KernelPholdBenchmark}, so that building the run's entities is a small part of an op.
     */
    static final long DURATION_MS = 1_000;

    /**
     * Partitions of the run (the cloud's servers and the outside are its groups, round robin; on 2,
     * compute-3 and compute-4 are on different partitions). 1 by default; on 2 a window spans the
     * least latency between groups, the external network's 50 µs: 20,001 windows per op.
     */
    @Param({"1"})
    public int partitions;

    private Kernel kernel;
    private RunOptions options;
    private Model model;
    private PacketPath.Hops hops;
    private long hopsLast;
    private RunResult last;

    /** Per-iteration counters; JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long hops;
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            hops = 0;
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        PacketPath path = PacketPath.build();
        model = path.model();
        hops = path.hops();
        // As fast as possible, seed 1, no digest: the same events every op.
        options = RunOptions.defaults()
                .withPartitions(partitions)
                .withUntil(VirtualTime.millis(DURATION_MS))
                .withTracer(hops);
        kernel = Kernel.create(partitions);
    }

    @Benchmark
    public RunResult run(Counters counters) {
        RunResult r = kernel.run(model, options);
        hopsLast = hops.sumThenReset();
        counters.hops += hopsLast;
        counters.events += r.metrics().events();
        last = r;
        return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (last != null) {
            KernelMetrics m = last.metrics();
            System.out.printf("%n[packet-path] partitions=%d hops/op=%d events/op=%d observations/op=%d windows/op=%d "
                            + "endTime=%s%n", partitions, hopsLast, m.events(), last.observations().size(),
                    m.windows(), VirtualTime.format(last.endTime()));
        }
        kernel.close();
    }
}

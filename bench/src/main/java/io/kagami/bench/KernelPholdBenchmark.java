package io.kagami.bench;

import io.kagami.core.Kernel;
import io.kagami.core.KernelMetrics;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.workload.Phold;
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
 * Kernel throughput on PHOLD: events handled per second of wall time by one full batch run of
 * 1,000 entities in 16 groups (one token each, 10% of hops to another group, 1 ms lookahead,
 * exponential delays of mean 1 ms, 3 s of virtual time: ~1.5 million events), on 1 and 2
 * partitions with one kernel thread per partition. One op is one run; the primary score is runs per
 * second, the secondary {@code run:events} score is events per second.
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests -pl sim-core,sim-net
 * ./mvnw -B -q package -DskipTests -pl bench
 * java -jar bench/target/benchmarks.jar KernelPholdBenchmark -rf json -rff /tmp/phold.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 10, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 10, timeUnit = TimeUnit.SECONDS)
public class KernelPholdBenchmark {

    static final int ENTITIES = 1_000;
    /**
     * 16 groups, placed round robin on partitions: a remote hop goes to another group, so with 2
     * partitions about 8/15 of the remote hops (~5% of all events) cross partitions.
     */
    static final int GROUPS = 16;
    static final double REMOTE_FRACTION = 0.10;
    static final long LOOKAHEAD = VirtualTime.millis(1);
    /**
     * Mean of the exponential part of a hop: 1 ms, equal to the lookahead, so a hop takes 2 ms on
     * average and a 1 ms window (the span with 2 partitions) holds ~500 events (half the tokens
     * hop in it). That is the usual PHOLD regime where lookahead is a sizeable fraction of the mean
     * delay, with a moderate amount of work per window, so that the cost of synchronising windows
     * shows in the result instead of being hidden behind huge windows (a much larger mean would
     * make windows nearly empty; a much smaller one would make lookahead dominate every hop).
     */
    static final long MEAN_DELAY = VirtualTime.millis(1);
    /**
     * With one token per entity, 1,000 tokens / 2 ms per hop = ~500k events per virtual second, so
     * {@value} s of virtual time is ~1.5M events per op. The duration is divided by
     * {@link #tokensEach} so that an op stays at ~1.5M events whatever the population.
     */
    static final long DURATION_SECONDS = 3;

    @Param({"1", "2"})
    public int partitions;

    /**
     * Tokens each entity starts with. 1 is the classic PHOLD population (1,000 tokens in flight,
     * ~500 events per 1 ms window); override with {@code -p tokensEach=4,16} to see how the work per
     * window changes what partitioning buys.
     */
    @Param({"1"})
    public int tokensEach;

    private Kernel kernel;
    private Model model;
    private RunOptions options;
    private RunResult last;

    /** Per-iteration counters; JMH reports {@code events} normalised to events per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        model = new Phold(ENTITIES, GROUPS, tokensEach, REMOTE_FRACTION, LOOKAHEAD, MEAN_DELAY).model();
        // defaults(): as fast as possible, seed 1 (so every op handles exactly the same events, on
        // 1 or 2 partitions alike), digest off, no tracer.
        options = RunOptions.defaults()
                .withPartitions(partitions)
                .withUntil(DURATION_SECONDS * VirtualTime.SECOND / tokensEach);
        if (options.digest() || options.tracer() != null) {
            throw new IllegalStateException("the benchmark must run without digest and tracer");
        }
        kernel = Kernel.create(partitions);
    }

    @Benchmark
    public RunResult run(Counters counters) {
        RunResult r = kernel.run(model, options);
        counters.events += r.metrics().events();
        last = r;
        return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (last != null) {
            KernelMetrics m = last.metrics();
            // One line in the JMH log to make the numbers explainable (same every run: fixed seed).
            System.out.printf("%n[kernel] partitions=%d tokensEach=%d events/op=%d perPartition=%s windows/op=%d "
                            + "crossPartition/op=%d lookahead=%s endTime=%s%n",
                    partitions, tokensEach, m.events(), m.eventsPerPartition(), m.windows(), m.remoteMessages(),
                    VirtualTime.format(m.lookahead()), VirtualTime.format(last.endTime()));
        }
        kernel.close();
    }
}

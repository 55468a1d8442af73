package io.kagami.bench;

import io.kagami.bench.phold.BareLoopPhold;
import io.kagami.bench.phold.PholdHops;
import io.kagami.bench.phold.SsjPhold;
import io.kagami.core.Kernel;
import io.kagami.core.KernelMetrics;
import io.kagami.core.Model;
import io.kagami.core.RunOptions;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.workload.Phold;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * Kernel throughput on PHOLD against two references, in one JMH run: token arrivals handled per
 * second of wall time by one full batch run of 1,000 entities in 16 groups (one token each, 10% of
 * hops to another group, 1 ms lookahead, exponential delays of mean 1 ms, 3 s of virtual time:
 * ~1.5 million arrivals) on four engines ({@link #engine}):
 *
 * <ul>
 *   <li>{@code kagami-1}, {@code kagami-2}: the Kagami kernel on 1 and 2 partitions, one kernel
 *       thread per partition;
 *   <li>{@code bare}: {@link BareLoopPhold}, a single-threaded loop over a primitive binary heap,
 *       the floor of what an event can cost;
 *   <li>{@code ssj}: {@link SsjPhold}, SSJ's event-list simulator, a well-known Java
 *       discrete-event library.
 * </ul>
 *
 * All four follow the same trajectory for the same seed (the same arrivals, in the same order of
 * time). One op is one run; the primary score is runs per second, the secondary
 * {@code run:events} score is token arrivals per second. The kernel also handles one start event
 * per entity (1,000 per op), which the references do not have: they are not counted, so the
 * counts are the same on every engine.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar Phold -rf json -rff /tmp/phold.json
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
     * {@value} s of virtual time is ~1.5M arrivals per op. The duration is divided by
     * {@link #tokensEach} so that an op stays at ~1.5M arrivals whatever the population.
     */
    static final long DURATION_SECONDS = 3;
    /** The seed of every engine's entity streams. */
    static final long SEED = 1;

    /** {@code kagami-<partitions>}, {@code bare} or {@code ssj}. */
    @Param({"kagami-1", "kagami-2", "bare", "ssj"})
    public String engine;

    /**
     * Tokens each entity starts with. 1 is the classic PHOLD population (1,000 tokens in flight,
     * ~500 events per 1 ms window); override with {@code -p tokensEach=4,16} to see how the work per
     * window changes what partitioning buys.
     */
    @Param({"1"})
    public int tokensEach;

    private Phold phold;
    private long until;
    /** One run of the engine; returns the token arrivals it handled. */
    private LongSupplier runOnce;
    private long arrivals;
    private Kernel kernel;
    private RunResult last;

    /** Per-iteration counters; JMH reports {@code events} (token arrivals) per second. */
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
        phold = new Phold(ENTITIES, GROUPS, tokensEach, REMOTE_FRACTION, LOOKAHEAD, MEAN_DELAY);
        // An op stays at ~1.5M arrivals whatever the population.
        until = DURATION_SECONDS * VirtualTime.SECOND / tokensEach;
        PholdHops hops = new PholdHops(phold);
        switch (engine) {
            case "kagami-1" -> kagami(1);
            case "kagami-2" -> kagami(2);
            case "bare" -> {
                BareLoopPhold bare = new BareLoopPhold(hops);
                runOnce = () -> bare.run(until, SEED);
            }
            case "ssj" -> {
                SsjPhold ssj = new SsjPhold(hops);
                runOnce = () -> ssj.run(until, SEED);
            }
            default -> throw new IllegalArgumentException("unknown engine '" + engine
                    + "': kagami-1, kagami-2, bare or ssj");
        }
    }

    private void kagami(int partitions) {
        Model model = phold.model();
        // Seed 1, as the references, so every op handles exactly the same events, on any engine;
        // as fast as possible, digest off, no tracer.
        RunOptions options = RunOptions.defaults()
                .withSeed(SEED)
                .withPartitions(partitions)
                .withUntil(until);
        if (options.digest() || options.tracer() != null) {
            throw new IllegalStateException("the benchmark must run without digest and tracer");
        }
        kernel = Kernel.create(partitions);
        runOnce = () -> {
            RunResult r = kernel.run(model, options);
            last = r;
            // Phold has no timers: every event is an arrival but for one start event per entity.
            return r.metrics().events() - phold.entities();
        };
    }

    @Benchmark
    public long run(Counters counters) {
        long n = runOnce.getAsLong();
        counters.events += n;
        arrivals = n;
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // One line in the JMH log to make the numbers explainable (same every run: fixed seed).
        System.out.printf("%n[phold] engine=%s tokensEach=%d arrivals/op=%d until=%s%n", engine, tokensEach, arrivals,
                VirtualTime.format(until));
        if (last != null) {
            KernelMetrics m = last.metrics();
            System.out.printf("[kernel] events/op=%d perPartition=%s windows/op=%d crossPartition/op=%d lookahead=%s "
                            + "endTime=%s%n",
                    m.events(), m.eventsPerPartition(), m.windows(), m.remoteMessages(),
                    VirtualTime.format(m.lookahead()), VirtualTime.format(last.endTime()));
        }
        if (kernel != null) {
            kernel.close();
        }
    }
}

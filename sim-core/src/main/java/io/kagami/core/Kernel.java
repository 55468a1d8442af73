package io.kagami.core;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The simulation kernel: an Akka actor system whose threads run the partitions of any number of
 * runs, one after another or side by side (a sweep). Close it when done.
 *
 * <pre>{@code
 * try (Kernel kernel = Kernel.create(2)) {
 *     RunResult r = kernel.run(model, RunOptions.defaults().withPartitions(2).withUntil(VirtualTime.MINUTE));
 * }
 * }</pre>
 */
public final class Kernel implements AutoCloseable {

    private record Launch(Model model, RunOptions options, RunHandle handle) {}

    private final ActorSystem<Launch> system;

    private Kernel(int threads) {
        Config config = ConfigFactory.parseString(String.join("\n",
                "akka.loglevel = WARNING",
                "akka.stdout-loglevel = WARNING",
                "akka.log-dead-letters = off",
                "akka.log-dead-letters-during-shutdown = off",
                "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                "akka.jvm-shutdown-hooks = off",
                // 1 ms ticks so that paced runs wake close to their wall deadline.
                "akka.scheduler.tick-duration = 1ms",
                "akka.actor.default-dispatcher.fork-join-executor.parallelism-min = " + threads,
                "akka.actor.default-dispatcher.fork-join-executor.parallelism-max = " + threads,
                // A window's work is one message: let a thread run it through, then hand over.
                "akka.actor.default-dispatcher.throughput = 1"))
                .withFallback(ConfigFactory.defaultReference(Kernel.class.getClassLoader()));
        this.system = ActorSystem.create(guardian(), "kagami", config);
    }

    private static Behavior<Launch> guardian() {
        return Behaviors.receive((ctx, launch) -> {
            RunHandle handle = launch.handle();
            try {
                handle.attach(ctx.spawnAnonymous(Coordinator.create(launch.model(), launch.options(), handle)));
            } catch (RuntimeException e) {
                handle.future().completeExceptionally(e);
            }
            return Behaviors.same();
        });
    }

    /** A kernel with this many threads for partitions (one per core is the useful most). */
    public static Kernel create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new Kernel(threads);
    }

    /** Starts a run and returns at once; the handle controls it and gives its result. */
    public RunHandle start(Model model, RunOptions options) {
        RunHandle handle = new RunHandle();
        system.tell(new Launch(model, options, handle));
        return handle;
    }

    public RunResult run(Model model, RunOptions options) {
        return start(model, options).await();
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the actor system did not stop in " + Duration.ofSeconds(30), e);
        }
    }
}

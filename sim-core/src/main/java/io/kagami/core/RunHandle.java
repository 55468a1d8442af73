package io.kagami.core;

import akka.actor.typed.ActorRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Control of a running simulation: pause, resume, single step, stop, and its result. The sandbox
 * drives a paced run through this; batch runs just {@link #await()}.
 */
public final class RunHandle {
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    /** Commands sent before the coordinator exists wait for it here. */
    private final CompletableFuture<ActorRef<Coordinator.Command>> coordinator = new CompletableFuture<>();
    volatile long horizon;
    volatile long windows;
    volatile long wallAnchor;
    /**
     * Set by a pause or a stop, read by partitions running windows by themselves ({@link WindowLoop}):
     * they may hold every thread of the kernel, so the coordinator cannot tell them in time.
     */
    volatile boolean interruptRequested;
    private volatile boolean stopping;

    void attach(ActorRef<Coordinator.Command> ref) {
        coordinator.complete(ref);
    }

    private void tell(Coordinator.Command command) {
        coordinator.thenAccept(ref -> ref.tell(command));
    }

    private CompletableFuture<Long> ask(Coordinator.Command command, CompletableFuture<Long> reply) {
        if (result.isDone()) {
            reply.completeExceptionally(new IllegalStateException("the run has ended"));
        } else {
            tell(command);
        }
        return reply;
    }

    CompletableFuture<RunResult> future() {
        return result;
    }

    /**
     * Pauses the run; completes with the horizon once no window is running. Virtual time then
     * stands still until {@link #resume()} or {@link #step()}.
     */
    public CompletableFuture<Long> pause() {
        CompletableFuture<Long> ack = new CompletableFuture<>();
        interruptRequested = true;
        return ask(new Coordinator.Pause(ack), ack);
    }

    public void resume() {
        interruptRequested = stopping;
        tell(Coordinator.Resume.INSTANCE);
    }

    /** In a paused run, runs exactly one window; completes with the new horizon. */
    public CompletableFuture<Long> step() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        return ask(new Coordinator.Step(done), done);
    }

    /** Ends the run after the window in progress; the result then covers what was handled. */
    public void stop() {
        stopping = true;
        interruptRequested = true;
        tell(Coordinator.Stop.INSTANCE);
    }

    /** Every event before this virtual time has been handled. */
    public long horizon() {
        return horizon;
    }

    /** Windows run so far. */
    public long windows() {
        return windows;
    }

    /** {@code System.nanoTime()} at which a paced run tied virtual time 0 to the wall clock. */
    public long wallAnchor() {
        return wallAnchor;
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** Waits for the end of the run; rethrows a {@link SimulationFailure} as it is. */
    public RunResult await() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}

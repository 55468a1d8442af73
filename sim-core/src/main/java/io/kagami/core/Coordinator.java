package io.kagami.core;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Advances the global safe horizon in conservative windows. A window starts at the earliest
 * pending event of any partition (idle time is skipped) and spans the least lookahead between
 * groups in different partitions: nothing sent inside a window can land in it elsewhere. Only
 * partitions with work before the window's end are woken. Messages between partitions travel
 * through here, and are handed over with the next window of their target.
 */
final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    interface Command {}

    record WindowDone(int partition, long nextTime, long lastTime, long handled, List<Event> outbox,
                      List<Partition.Recorded> recorded) implements Command {}

    /** A partition's report at the end of a {@link WindowLoop}, with what it handled during it. */
    record LoopDone(int partition, WindowLoop loop, long nextTime, long lastTime, long handled, long sent,
                    List<Partition.Recorded> recorded) implements Command {}

    record PartitionFailed(SimulationFailure failure) implements Command {}

    record Pause(CompletableFuture<Long> ack) implements Command {}

    record Step(CompletableFuture<Long> done) implements Command {}

    enum Resume implements Command { INSTANCE }

    enum Stop implements Command { INSTANCE }

    private enum WakeUp implements Command { INSTANCE }

    /** The first window, once the coordinator is set up: unlike a resume, it keeps a pause asked for already. */
    private enum Begin implements Command { INSTANCE }

    private final RunOptions options;
    private final RunHandle handle;
    private final EntitySlot[] slots;
    private final int[] partitionOf;
    private final List<ActorRef<Partition.Command>> partitions = new ArrayList<>();
    private final long span;
    private final long lookahead;
    private final Pacer pacer;

    private final long[] nextLocal;
    private final long[] pendingMin;
    private final List<List<Event>> pending = new ArrayList<>();
    private final long[] eventsPerPartition;
    private final List<Partition.Recorded> recorded = new ArrayList<>();

    private int outstanding;
    private long windowEnd;
    private long horizon;
    private long lastTime = -1;
    private long windows;
    private long remote;
    private boolean paused;
    private boolean stopRequested;
    private boolean wakeScheduled;
    private final List<CompletableFuture<Long>> pauseAcks = new ArrayList<>();
    private CompletableFuture<Long> stepDone;

    /** A partition stopped without reporting a failure: a bug in the kernel itself. */
    private record PartitionStopped(int partition) implements Command {}

    static Behavior<Command> create(Model model, RunOptions options, RunHandle handle) {
        return Behaviors.setup(c -> {
            try {
                return new Coordinator(c, model, options, handle);
            } catch (RuntimeException e) { // an entity factory threw: the run cannot start
                handle.future().completeExceptionally(e);
                return Behaviors.stopped();
            }
        });
    }

    private Coordinator(ActorContext<Command> context, Model model, RunOptions options, RunHandle handle) {
        super(context);
        this.options = options;
        this.handle = handle;
        int n = options.partitions();
        int entities = model.entityCount();
        // Groups go round robin to partitions in order of declaration; a group never splits.
        int[] partitionOfGroup = new int[model.groupCount()];
        for (int g = 0; g < partitionOfGroup.length; g++) {
            partitionOfGroup[g] = g % n;
        }
        this.partitionOf = new int[entities];
        this.slots = new EntitySlot[entities];
        this.nextLocal = new long[n];
        this.pendingMin = new long[n];
        this.eventsPerPartition = new long[n];
        Arrays.fill(nextLocal, VirtualTime.NEVER);
        Arrays.fill(pendingMin, VirtualTime.NEVER);
        for (int p = 0; p < n; p++) {
            pending.add(new ArrayList<>());
        }
        for (int id = 0; id < entities; id++) {
            int group = model.groupOf[id];
            partitionOf[id] = partitionOfGroup[group];
            @SuppressWarnings("unchecked")
            Entity<Object> entity = (Entity<Object>) model.factories.get(id).get();
            slots[id] = new EntitySlot(new EntityRef<>(id, model.names.get(id)), group, entity, options.seed(),
                    options.digest());
            deliver(Event.start(id));
        }
        for (Event e : model.injections) {
            deliver(e);
        }
        this.lookahead = crossPartitionLookahead(model, partitionOfGroup);
        this.span = Math.min(lookahead, options.maxWindow());
        for (int p = 0; p < n; p++) {
            ActorRef<Partition.Command> partition = context.spawn(
                    Partition.create(p, model, slots, partitionOf, options.tracer(), context.getSelf()), "partition-" + p);
            context.watchWith(partition, new PartitionStopped(p));
            partitions.add(partition);
        }
        long now = System.nanoTime();
        this.pacer = options.pacing().isPaced() ? new Pacer(options.pacing().speed(), now) : null;
        handle.wallAnchor = now;
        context.getSelf().tell(Begin.INSTANCE);
    }

    /** The least lookahead between two groups that landed in different partitions. */
    private static long crossPartitionLookahead(Model model, int[] partitionOfGroup) {
        long least = VirtualTime.NEVER;
        boolean split = Arrays.stream(partitionOfGroup).distinct().count() > 1;
        if (split && model.defaultLookahead > 0) {
            least = model.defaultLookahead;
        }
        for (var e : model.groupLookahead.entrySet()) {
            int a = (int) (e.getKey() >>> 32);
            int b = (int) (long) e.getKey();
            if (partitionOfGroup[a] != partitionOfGroup[b]) {
                least = Math.min(least, e.getValue());
            }
        }
        return least;
    }

    private void deliver(Event e) {
        int p = partitionOf[e.target];
        pending.get(p).add(e);
        pendingMin[p] = Math.min(pendingMin[p], e.time);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WindowDone.class, this::onWindowDone)
                .onMessage(LoopDone.class, this::onLoopDone)
                .onMessage(PartitionFailed.class, this::onFailed)
                .onMessage(PartitionStopped.class, this::onPartitionStopped)
                .onMessage(Pause.class, this::onPause)
                .onMessage(Step.class, this::onStep)
                .onMessageEquals(Resume.INSTANCE, this::onResume)
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .onMessageEquals(WakeUp.INSTANCE, this::onWakeUp)
                .onMessageEquals(Begin.INSTANCE, this::advance)
                .build();
    }

    private Behavior<Command> onWindowDone(WindowDone d) {
        for (Event e : d.outbox()) {
            deliver(e);
        }
        if (!reported(d.partition(), d.nextTime(), d.lastTime(), d.handled(), d.outbox().size(), d.recorded())) {
            return this;
        }
        windows++;
        return windowsDone(windowEnd);
    }

    private Behavior<Command> onLoopDone(LoopDone d) {
        if (!reported(d.partition(), d.nextTime(), d.lastTime(), d.handled(), d.sent(), d.recorded())) {
            return this;
        }
        windows += d.loop().windows();
        return windowsDone(d.loop().horizon());
    }

    /** Takes one partition's report of its windows; true once every partition woken has reported. */
    private boolean reported(int partition, long nextTime, long last, long handled, long sent,
                             List<Partition.Recorded> observed) {
        nextLocal[partition] = nextTime;
        lastTime = Math.max(lastTime, last);
        eventsPerPartition[partition] += handled;
        remote += sent;
        recorded.addAll(observed);
        return --outstanding == 0;
    }

    /** Every partition is done with the windows up to {@code end}. */
    private Behavior<Command> windowsDone(long end) {
        horizon = end;
        handle.horizon = horizon;
        handle.windows = windows;
        if (stepDone != null) {
            stepDone.complete(horizon);
            stepDone = null;
        }
        pauseAcks.forEach(a -> a.complete(horizon));
        pauseAcks.clear();
        return advance();
    }

    private Behavior<Command> onFailed(PartitionFailed f) {
        handle.future().completeExceptionally(f.failure());
        failPending(f.failure());
        return Behaviors.stopped();
    }

    private Behavior<Command> onPartitionStopped(PartitionStopped s) {
        IllegalStateException e = new IllegalStateException("kernel partition " + s.partition()
                + " stopped unexpectedly at horizon " + VirtualTime.format(horizon));
        handle.future().completeExceptionally(e);
        failPending(e);
        return Behaviors.stopped();
    }

    private Behavior<Command> onPause(Pause p) {
        if (!paused && pacer != null) {
            pacer.pause(System.nanoTime());
        }
        paused = true;
        if (outstanding == 0) {
            p.ack().complete(horizon);
        } else {
            pauseAcks.add(p.ack());
        }
        return this;
    }

    private Behavior<Command> onResume() {
        if (paused && pacer != null) {
            pacer.resume(System.nanoTime(), horizon);
        }
        paused = false;
        return advance();
    }

    private Behavior<Command> onStep(Step s) {
        if (!paused) {
            s.done().completeExceptionally(new IllegalStateException("step needs a paused run: pause it first"));
            return this;
        }
        if (stepDone != null || outstanding > 0) {
            s.done().completeExceptionally(new IllegalStateException("a step is already running"));
            return this;
        }
        stepDone = s.done();
        return advance();
    }

    private Behavior<Command> onStop() {
        stopRequested = true;
        return advance();
    }

    private Behavior<Command> onWakeUp() {
        wakeScheduled = false;
        return advance();
    }

    /** Starts the next window if nothing runs and nothing holds the run back. */
    private Behavior<Command> advance() {
        if (outstanding > 0) {
            return this;
        }
        long first = VirtualTime.NEVER;
        for (int p = 0; p < nextLocal.length; p++) {
            first = Math.min(first, Math.min(nextLocal[p], pendingMin[p]));
        }
        long limit = VirtualTime.plus(options.until(), 1);
        if (stopRequested || first >= limit) {
            return finish(first >= limit && first != VirtualTime.NEVER);
        }
        boolean stepping = stepDone != null;
        if (paused && !stepping) {
            return this;
        }
        long end = Math.min(VirtualTime.plus(first, span), limit);
        if (pacer != null && !stepping) {
            long wall = System.nanoTime();
            long allowed = pacer.virtualAt(wall);
            if (first > allowed) {
                scheduleWakeUp(pacer.wallAt(first) - wall);
                return this;
            }
            end = Math.min(end, VirtualTime.plus(allowed, 1));
        }
        windowEnd = end;
        if (pacer == null && !stepping && partitions.size() > 1) {
            return startLoop(end);
        }
        for (int p = 0; p < partitions.size(); p++) {
            if (Math.min(nextLocal[p], pendingMin[p]) < end) {
                partitions.get(p).tell(new Partition.RunWindow(end, pending.get(p)));
                pending.set(p, new ArrayList<>());
                pendingMin[p] = VirtualTime.NEVER;
                nextLocal[p] = 0; // unknown until the partition reports
                outstanding++;
            }
        }
        return this;
    }

    /**
     * Lets the partitions run windows by themselves from the one ending at {@code end}, as long as the
     * run is neither paced nor stepped: a window then costs a barrier in shared memory instead of two
     * messages to and from each partition.
     */
    @SuppressWarnings("unchecked")
    private Behavior<Command> startLoop(long end) {
        WindowLoop loop = new WindowLoop(end, span, VirtualTime.plus(options.until(), 1), handle,
                partitions.toArray(new ActorRef[0]));
        for (int p = 0; p < partitions.size(); p++) {
            partitions.get(p).tell(new Partition.RunLoop(loop, pending.get(p)));
            pending.set(p, new ArrayList<>());
            pendingMin[p] = VirtualTime.NEVER;
            nextLocal[p] = 0;
            outstanding++;
        }
        return this;
    }

    private void scheduleWakeUp(long nanos) {
        if (!wakeScheduled) {
            wakeScheduled = true;
            getContext().scheduleOnce(Duration.ofNanos(Math.max(nanos, 0)), getContext().getSelf(), WakeUp.INSTANCE);
        }
    }

    private Behavior<Command> finish(boolean eventsRemain) {
        long end = eventsRemain ? options.until() : Math.max(lastTime, 0);
        if (stopRequested && !eventsRemain) {
            end = Math.max(lastTime, Math.min(horizon, options.until()));
        }
        recorded.sort(Comparator.comparingLong(Partition.Recorded::time)
                .thenComparingInt(Partition.Recorded::entity)
                .thenComparingLong(Partition.Recorded::seq));
        List<Observation> observations = recorded.stream().map(Partition.Recorded::observation).toList();
        long events = Arrays.stream(eventsPerPartition).sum();
        KernelMetrics metrics = new KernelMetrics(events, Arrays.stream(eventsPerPartition).boxed().toList(), windows,
                remote, lookahead);
        handle.horizon = end;
        handle.future().complete(new RunResult(end, options.digest() ? digest() : "", observations, metrics));
        failPending(new IllegalStateException("the run has ended"));
        return Behaviors.stopped();
    }

    private void failPending(RuntimeException why) {
        pauseAcks.forEach(a -> a.completeExceptionally(why));
        if (stepDone != null) {
            stepDone.complete(horizon);
        }
    }

    /** Every entity's running hash, in id order: independent of which partition ran it. */
    private String digest() {
        long h = 0x84222325cbf29ce4L;
        for (EntitySlot s : slots) {
            h = EntitySlot.mix(h ^ s.digest);
        }
        return String.format("%016x", h);
    }
}

package io.kagami.core;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A partition: an Akka typed actor that owns a set of entities and their event queue, and runs
 * them one window at a time when the {@link Coordinator} says so. Messages to entities of other
 * partitions go back to the coordinator with the window's result.
 */
final class Partition extends AbstractBehavior<Partition.Command> {

    interface Command {}

    /** Handle every event before {@code end} (exclusive), after adding {@code inbound}. */
    record RunWindow(long end, List<Event> inbound) implements Command {}

    /**
     * Run windows by themselves until {@code loop} says the run is over or interrupted, after adding
     * {@code inbound}; then report with {@link Coordinator.LoopDone}.
     */
    record RunLoop(WindowLoop loop, List<Event> inbound) implements Command {}

    /** Go on with the loop after giving the thread back at its barrier. */
    enum Continue implements Command { INSTANCE }

    /** An observation with its canonical sort key. */
    record Recorded(long time, int entity, long seq, Observation observation) {}

    private final int index;
    private final Model model;
    private final EntitySlot[] slots;
    private final int[] partitionOf;
    private final EventTracer tracer;
    private final ActorRef<Coordinator.Command> coordinator;
    private final EventQueue queue = new EventQueue();
    private final EntityContext ctx = new EntityContext();

    private List<Event> outbox = new ArrayList<>();
    private List<Recorded> recorded = new ArrayList<>();
    private long handled;
    private long lastTime = -1;
    /** The loop this partition runs windows in, null when the coordinator hands them out one by one. */
    private WindowLoop loop;
    private long handledBeforeLoop;
    private long sentInLoop;

    static Behavior<Command> create(int index, Model model, EntitySlot[] slots, int[] partitionOf, EventTracer tracer,
                                    ActorRef<Coordinator.Command> coordinator) {
        return Behaviors.setup(c -> new Partition(c, index, model, slots, partitionOf, tracer, coordinator));
    }

    private Partition(ActorContext<Command> context, int index, Model model, EntitySlot[] slots, int[] partitionOf,
                      EventTracer tracer, ActorRef<Coordinator.Command> coordinator) {
        super(context);
        this.index = index;
        this.model = model;
        this.slots = slots;
        this.partitionOf = partitionOf;
        this.tracer = tracer;
        this.coordinator = coordinator;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RunWindow.class, this::runWindow)
                .onMessage(RunLoop.class, this::runLoop)
                .onMessageEquals(Continue.INSTANCE, this::loop)
                .build();
    }

    private Behavior<Command> runWindow(RunWindow w) {
        w.inbound().forEach(queue::add);
        long before = handled;
        if (!handleUntil(w.end())) {
            return Behaviors.stopped();
        }
        coordinator.tell(new Coordinator.WindowDone(index, queue.peekTime(), lastTime, handled - before, outbox,
                recorded));
        outbox = new ArrayList<>();
        recorded = new ArrayList<>();
        return this;
    }

    private Behavior<Command> runLoop(RunLoop r) {
        r.inbound().forEach(queue::add);
        loop = r.loop();
        handledBeforeLoop = handled;
        sentInLoop = 0;
        return loop();
    }

    /** Windows, one after the other, until the loop is over or this partition gives its thread back. */
    private Behavior<Command> loop() {
        if (loop == null) {
            return this; // woken after the loop ended without it (a partition failed)
        }
        WindowLoop.Next next = loop.resumed();
        while (next == WindowLoop.Next.RUN) {
            loop.drain(index, queue);
            if (!handleUntil(loop.windowEnd())) {
                loop.abort();
                return Behaviors.stopped();
            }
            next = loop.arrive(index, queue.peekTime());
        }
        if (next == WindowLoop.Next.PARKED) {
            return this;
        }
        loop.drain(index, queue); // the last window's mail
        if (!loop.aborted()) {
            coordinator.tell(new Coordinator.LoopDone(index, loop, queue.peekTime(), lastTime,
                    handled - handledBeforeLoop, sentInLoop, recorded));
        }
        recorded = new ArrayList<>();
        loop = null;
        return this;
    }

    /** Handles every event before {@code end}; false if an entity failed (the coordinator is told). */
    private boolean handleUntil(long end) {
        while (queue.peekTime() < end) {
            Event e = queue.poll();
            try {
                dispatch(e);
            } catch (Throwable ex) { // whatever an entity throws ends the run, named; nothing is swallowed
                EntitySlot slot = slots[e.target];
                coordinator.tell(new Coordinator.PartitionFailed(
                        new SimulationFailure(slot.ref.name(), e.time, e.payload, ex)));
                return false;
            }
        }
        return true;
    }

    private void dispatch(Event e) {
        EntitySlot slot = slots[e.target];
        EntitySlot.Timer live = e.timer;
        if (live != null) {
            if (!live.running || live.carrierSeq != e.seq) {
                return; // cancelled or restarted: a stale timer never fires
            }
            if (live.seq != e.seq) { // restarted for later: queued now, as it would have been then
                live.carry();
                queue.add(Event.timer(live.time, live.rank, slot.ref.id(), live.seq, live, live.message));
                return;
            }
            live.running = false;
        }
        handled++;
        lastTime = e.time;
        if (slot.digestOn) {
            slot.digest(e);
        }
        if (tracer != null) {
            tracer.onEvent(index, e.time, e.rank, e.source, e.seq, slot.ref, e.payload);
        }
        ctx.slot = slot;
        ctx.event = e;
        if (e.payload == Event.START) {
            slot.entity.onStart(ctx);
        } else {
            slot.entity.onMessage(ctx, e.payload);
        }
    }

    /** The one {@link Context} of this partition, pointed at the event being handled. */
    private final class EntityContext implements Context<Object> {
        EntitySlot slot;
        Event event;

        @Override
        public long now() {
            return event.time;
        }

        @Override
        public EntityRef<Object> self() {
            return slot.ref;
        }

        @Override
        public <T> void send(EntityRef<T> to, T message, long delay) {
            if (delay < 0) {
                throw new IllegalArgumentException("negative delay " + delay + "ns from '" + slot.ref.name()
                        + "' to '" + to.name() + "'");
            }
            int target = to.id();
            int targetGroup = model.groupOf[target];
            if (targetGroup != slot.group) {
                checkLookahead(to, targetGroup, delay);
            }
            Event e = Event.message(event.time + delay, delay == 0 ? event.rank + 1 : 0, slot.ref.id(),
                    slot.nextSeq++, target, message);
            int owner = partitionOf[target];
            if (owner == index) {
                queue.add(e);
            } else if (loop != null) {
                loop.send(index, owner, e);
                sentInLoop++;
            } else {
                outbox.add(e);
            }
        }

        private void checkLookahead(EntityRef<?> to, int targetGroup, long delay) {
            long lookahead = model.lookahead(slot.group, targetGroup);
            if (lookahead >= 0 && delay >= lookahead) {
                return;
            }
            String between = "'" + slot.ref.name() + "' (group " + model.groups.get(slot.group) + ") to '"
                    + to.name() + "' (group " + model.groups.get(targetGroup) + ")";
            if (lookahead < 0) {
                throw new LookaheadViolation("message from " + between + " with delay "
                        + VirtualTime.format(delay) + ", but no lookahead is declared between their groups");
            }
            throw new LookaheadViolation("message from " + between + " with delay "
                    + VirtualTime.format(delay) + ", below the declared lookahead " + VirtualTime.format(lookahead));
        }

        @Override
        public void startTimer(Object key, long delay, Object message) {
            if (delay < 0) {
                throw new IllegalArgumentException("negative timer delay " + delay + "ns in '" + slot.ref.name() + "'");
            }
            long seq = slot.nextSeq++;
            long time = event.time + delay;
            int rank = delay == 0 ? event.rank + 1 : 0;
            EntitySlot.Timer timer = slot.timers.get(key);
            if (timer != null && timer.running && time > timer.carrierTime) {
                timer.set(seq, time, rank, message); // its carrier, due earlier, queues it then
                return;
            }
            if (timer == null) {
                timer = new EntitySlot.Timer(seq, time, rank, message);
                slot.timers.put(key, timer);
            } else {
                timer.set(seq, time, rank, message);
                timer.carry();
                timer.running = true;
            }
            queue.add(Event.timer(time, rank, slot.ref.id(), seq, timer, message));
        }

        @Override
        public void cancelTimer(Object key) {
            EntitySlot.Timer timer = slot.timers.get(key);
            if (timer != null) {
                timer.running = false;
            }
        }

        @Override
        public boolean isTimerActive(Object key) {
            EntitySlot.Timer timer = slot.timers.get(key);
            return timer != null && timer.running;
        }

        @Override
        public SplittableRandom random() {
            return slot.random;
        }

        @Override
        public void record(Object observation) {
            recorded.add(new Recorded(event.time, slot.ref.id(), slot.observations++,
                    new Observation(event.time, slot.ref.name(), observation)));
        }
    }
}

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
        return newReceiveBuilder().onMessage(RunWindow.class, this::runWindow).build();
    }

    private Behavior<Command> runWindow(RunWindow w) {
        for (Event e : w.inbound()) {
            queue.add(e);
        }
        long before = handled;
        while (queue.peekTime() < w.end()) {
            Event e = queue.poll();
            try {
                dispatch(e);
            } catch (Throwable ex) { // whatever an entity throws ends the run, named; nothing is swallowed
                EntitySlot slot = slots[e.target];
                coordinator.tell(new Coordinator.PartitionFailed(
                        new SimulationFailure(slot.ref.name(), e.time, e.payload, ex)));
                return Behaviors.stopped();
            }
        }
        coordinator.tell(new Coordinator.WindowDone(index, queue.peekTime(), lastTime, handled - before, outbox,
                recorded));
        outbox = new ArrayList<>();
        recorded = new ArrayList<>();
        return this;
    }

    private void dispatch(Event e) {
        EntitySlot slot = slots[e.target];
        if (e.timerKey != null) {
            Long live = slot.timers.get(e.timerKey);
            if (live == null || live != e.seq) {
                return; // cancelled or restarted: a stale timer never fires
            }
            slot.timers.remove(e.timerKey);
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
            if (partitionOf[target] == index) {
                queue.add(e);
            } else {
                outbox.add(e);
            }
        }

        private void checkLookahead(EntityRef<?> to, int targetGroup, long delay) {
            long lookahead = model.lookahead(slot.group, targetGroup);
            String between = "'" + slot.ref.name() + "' (group " + model.groups.get(slot.group) + ") to '"
                    + to.name() + "' (group " + model.groups.get(targetGroup) + ")";
            if (lookahead < 0) {
                throw new LookaheadViolation("message from " + between + " with delay "
                        + VirtualTime.format(delay) + ", but no lookahead is declared between their groups");
            }
            if (delay < lookahead) {
                throw new LookaheadViolation("message from " + between + " with delay "
                        + VirtualTime.format(delay) + ", below the declared lookahead " + VirtualTime.format(lookahead));
            }
        }

        @Override
        public void startTimer(Object key, long delay, Object message) {
            if (delay < 0) {
                throw new IllegalArgumentException("negative timer delay " + delay + "ns in '" + slot.ref.name() + "'");
            }
            long seq = slot.nextSeq++;
            slot.timers.put(key, seq);
            queue.add(Event.timer(event.time + delay, delay == 0 ? event.rank + 1 : 0, slot.ref.id(), seq, key,
                    message));
        }

        @Override
        public void cancelTimer(Object key) {
            slot.timers.remove(key);
        }

        @Override
        public boolean isTimerActive(Object key) {
            return slot.timers.containsKey(key);
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

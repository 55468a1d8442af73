package io.kagami.core;

import java.util.SplittableRandom;

/**
 * What an entity may do while it handles an event. Valid only during that call.
 *
 * @param <M> the entity's own message type
 */
public interface Context<M> {

    /** The virtual time of the event being handled, in nanoseconds. */
    long now();

    EntityRef<M> self();

    /**
     * Sends {@code message} to arrive at {@code to} after {@code delay} nanoseconds (zero allowed
     * within a group). Between two groups the delay must be at least the lookahead declared for
     * them, whatever the partitioning, or the send is refused with {@link LookaheadViolation}.
     */
    <T> void send(EntityRef<T> to, T message, long delay);

    /**
     * Starts a timer that delivers {@code message} to this entity after {@code delay}; a timer
     * already running under the same key is cancelled first (as Akka's TimerScheduler does).
     */
    void startTimer(Object key, long delay, M message);

    /** Cancels the timer with this key, if it runs; a cancelled timer never fires. */
    void cancelTimer(Object key);

    boolean isTimerActive(Object key);

    /** This entity's own random stream, split from the run's seed by the entity's name. */
    SplittableRandom random();

    /**
     * Records an observation (a state change, a log line, a measurement) at {@link #now()}. A run's
     * observations come back in {@link RunResult#observations()} in a canonical order.
     */
    void record(Object observation);
}

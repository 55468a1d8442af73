package io.kagami.core;

/**
 * A simulated thing (a bridge, a tunnel port, a keepalived instance, an agent): it owns its state
 * and reacts to messages and timers, in the style of an Akka Typed behaviour. Entities share no
 * mutable state; they talk only through {@link Context#send}.
 *
 * @param <M> the type of message it accepts (timers deliver messages of this type too)
 */
public interface Entity<M> {

    /** Called once at virtual time 0, before any message. */
    default void onStart(Context<M> ctx) {}

    void onMessage(Context<M> ctx, M message);
}

package io.kagami.core;

/**
 * An entity threw while handling an event: the run stops and says which entity, at what virtual
 * time, handling what. Nothing is swallowed.
 */
public final class SimulationFailure extends RuntimeException {
    private final String entity;
    private final long time;

    SimulationFailure(String entity, long time, Object event, Throwable cause) {
        super("entity '" + entity + "' failed at virtual time " + VirtualTime.format(time)
                + " handling " + describe(event) + ": " + cause, cause);
        this.entity = entity;
        this.time = time;
    }

    private static String describe(Object event) {
        String s = String.valueOf(event);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    public String entity() {
        return entity;
    }

    public long time() {
        return time;
    }
}

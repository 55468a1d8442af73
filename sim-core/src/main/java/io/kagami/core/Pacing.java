package io.kagami.core;

/**
 * How virtual time relates to the wall clock: as fast as possible, or tied to it times a speed
 * factor (the training sandbox runs at 1x or faster, and can pause and single-step).
 */
public record Pacing(double speed) {
    public static final Pacing AS_FAST_AS_POSSIBLE = new Pacing(Double.POSITIVE_INFINITY);

    public Pacing {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("pacing speed must be > 0, got " + speed);
        }
    }

    public static Pacing realTime(double speed) {
        return new Pacing(speed);
    }

    public boolean isPaced() {
        return speed != Double.POSITIVE_INFINITY;
    }
}

package io.kagami.core;

/**
 * Ties virtual time to the wall clock times a speed factor. While paused the virtual clock stands
 * still; resuming re-anchors it, so there is no burst to catch up.
 */
final class Pacer {
    private final double speed;
    private long anchorWall;
    private long anchorVirtual;
    private boolean paused;

    Pacer(double speed, long wallNow) {
        this.speed = speed;
        this.anchorWall = wallNow;
    }

    long anchorWall() {
        return anchorWall;
    }

    /** The latest virtual time that may be handled at wall time {@code wall}. */
    long virtualAt(long wall) {
        if (paused) {
            return anchorVirtual;
        }
        double v = anchorVirtual + (wall - anchorWall) * speed;
        return v >= VirtualTime.NEVER ? VirtualTime.NEVER : (long) Math.floor(v);
    }

    /** The wall time at which virtual time {@code t} may be handled. */
    long wallAt(long t) {
        return anchorWall + (long) Math.ceil((t - anchorVirtual) / speed);
    }

    void pause(long wall) {
        if (!paused) {
            anchorVirtual = virtualAt(wall);
            paused = true;
        }
    }

    /** Resumes from {@code atLeast} (a step may have moved virtual time past the frozen clock). */
    void resume(long wall, long atLeast) {
        if (paused) {
            anchorVirtual = Math.max(anchorVirtual, atLeast);
            anchorWall = wall;
            paused = false;
        }
    }
}

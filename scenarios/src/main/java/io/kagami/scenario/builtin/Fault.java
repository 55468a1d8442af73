package io.kagami.scenario.builtin;

/** How a drill's master fails. */
public enum Fault {
    /** Power off: no priority-0 advert, nothing in or out any more (keepalived: as SIGKILL). */
    CRASH("crash (power off)"),
    /** keepalived stopped gracefully: it sends a priority-0 advert first. */
    SIGTERM("keepalived SIGTERM");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

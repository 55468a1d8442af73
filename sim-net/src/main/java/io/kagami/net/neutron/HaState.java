package io.kagami.net.neutron;

/**
 * An HA router's state on one agent. neutron-keepalived-state-change reports primary or backup
 * (a FAULT looks like backup: the VIP is gone); neutron-server shows active, standby or unknown.
 */
public enum HaState {
    PRIMARY("active"), BACKUP("standby");

    private final String serverName;

    HaState(String serverName) {
        this.serverName = serverName;
    }

    /** The name neutron-server stores and {@code openstack network agent list} shows. */
    public String serverName() {
        return serverName;
    }
}

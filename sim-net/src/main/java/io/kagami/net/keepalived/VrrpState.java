package io.kagami.net.keepalived;

/**
 * The states of a keepalived VRRP instance ({@code keepalived/include/vrrp.h}: BACKUP, MASTER,
 * FAULT), plus STOPPED, the twin's name for "no keepalived process" (killed, stopped or the node is
 * down), which keepalived itself never reports. keepalived's INIT lasts no time at start-up (an
 * instance configured {@code state BACKUP} enters "BACKUP (init)" at once), so it is left out.
 */
public enum VrrpState {
    STOPPED, BACKUP, MASTER, FAULT
}

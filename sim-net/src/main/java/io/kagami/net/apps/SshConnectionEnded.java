package io.kagami.net.apps;

/**
 * Observation: the SSH client's connection ended, with why (reset, timed out, refused, or closed
 * after a hang-up) and how many keystrokes were sent and echoed in all.
 */
public record SshConnectionEnded(TcpFlow flow, TcpCloseReason reason, long keystrokesSent, long keystrokesEchoed) {

    /** Whether the flow broke, rather than being closed by the user. */
    public boolean broken() {
        return reason != TcpCloseReason.CLOSED;
    }

    @Override
    public String toString() {
        return "ssh ended " + reason + " " + flow + " sent=" + keystrokesSent + " echoed=" + keystrokesEchoed;
    }
}

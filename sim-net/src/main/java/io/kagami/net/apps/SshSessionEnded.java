package io.kagami.net.apps;

/**
 * Observation: one of the SSH server's connections ended (a half-open one included, then with
 * {@code echoed} 0), with why and how many bytes it echoed.
 */
public record SshSessionEnded(TcpFlow flow, TcpCloseReason reason, long echoed) {
    @Override
    public String toString() {
        return "sshd ended " + reason + " " + flow + " echoed=" + echoed + "B";
    }
}

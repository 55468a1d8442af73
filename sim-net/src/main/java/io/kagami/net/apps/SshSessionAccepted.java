package io.kagami.net.apps;

/** Observation: the SSH server completed a handshake with a client. */
public record SshSessionAccepted(TcpFlow flow) {
    @Override
    public String toString() {
        return "sshd accepted " + flow;
    }
}

package io.kagami.scenario.cli;

import static io.kagami.scenario.cli.KagamiRun.kagami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kagami show: the operator's views of a scenario at a virtual time. */
class ShowCommandTest {
    @TempDir
    Path dir;

    private Path crash() throws Exception {
        Path f = dir.resolve("crash.yaml");
        Files.writeString(f, """
                name: crash
                duration: 60s
                faults:
                  - at: 30s
                    kind: node_crash
                    node: network-8
                """);
        return f;
    }

    @Test
    void theAgentListShowsTheFailoverAfterTheBatchReachedNeutronServer() throws Exception {
        KagamiRun before = kagami("show", crash().toString(), "--view", "agents", "--router", "router80", "--at", "20s");
        assertEquals(0, before.status(), before.err());
        assertTrue(before.out().lines().anyMatch(l -> l.contains("network-8") && l.contains("active")), before.out());
        KagamiRun after = kagami("show", crash().toString(), "--view", "agents", "--router", "router80", "--at", "50s");
        assertTrue(after.out().lines().anyMatch(l -> l.contains("network-7") && l.contains("active")), after.out());
    }

    @Test
    void ipNetnsListsTheRoutersAndDhcpNamespaces() throws Exception {
        KagamiRun o = kagami("show", crash().toString(), "--view", "netns", "--node", "network-7", "--at", "10s");
        assertEquals(0, o.status(), o.err());
        assertEquals(3, o.out().lines().filter(l -> l.startsWith("qrouter-")).count(), o.out());
        assertEquals(3, o.out().lines().filter(l -> l.startsWith("qdhcp-")).count(), o.out());
    }

    @Test
    void missingOrUnknownNamesAreBadInput() throws Exception {
        KagamiRun noNode = kagami("show", crash().toString(), "--view", "ovs-vsctl", "--at", "10s");
        assertEquals(2, noNode.status());
        assertTrue(noNode.err().contains("--view ovs-vsctl needs --node"), noNode.err());
        KagamiRun unknown = kagami("show", crash().toString(), "--view", "ovs-vsctl", "--node", "network-9", "--at", "10s");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("network-9"), unknown.err());
        KagamiRun badView = kagami("show", crash().toString(), "--view", "tcpdump", "--at", "10s");
        assertTrue(badView.err().contains("unknown view 'tcpdump'"), badView.err());
    }
}

package io.kagami.net.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kagami.core.Kernel;
import io.kagami.core.Observation;
import io.kagami.core.RunResult;
import io.kagami.core.VirtualTime;
import io.kagami.core.testing.SharedKernel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKernel.class)
class AppsDeterminismTest {
    private final Kernel kernel;

    AppsDeterminismTest(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Two sessions and a ping through an outage and a reset window. */
    private RunResult run(long seed) {
        Lab lab = new Lab(VirtualTime.millis(1));
        lab.server("sshd", SshServer.Settings.defaults());
        lab.client("ssh", Lab.SERVER, SshClient.Settings.defaults().withInterval(VirtualTime.millis(300)));
        lab.client("ssh2", Lab.SERVER, SshClient.Settings.defaults().withSourcePort(40000)
                .withStartAt(VirtualTime.millis(7)));
        lab.ping("ping", Lab.SERVER, PingProbe.Settings.defaults().withInterval(VirtualTime.millis(200)));
        lab.net.outage(VirtualTime.seconds(3.3), VirtualTime.seconds(6.1)).resets(VirtualTime.seconds(9.5),
                VirtualTime.seconds(9.7)); // catches ssh's keystroke at 9.602 s
        return lab.run(kernel, VirtualTime.seconds(15), seed);
    }

    private static List<String> lines(RunResult r) {
        return r.observations().stream().map(Observation::toString).toList();
    }

    @Test
    void theSameModelAndSeedGiveTheSameObservations() {
        RunResult first = run(7);
        assertTrue(first.observations().size() > 300, "not trivial: " + first.observations().size());
        assertTrue(first.observations().stream().anyMatch(o -> o.value() instanceof TcpRetransmitted));
        assertTrue(first.observations().stream().anyMatch(o -> o.value() instanceof SshConnectionEnded));
        assertEquals(lines(first), lines(run(7)));
    }

    @Test
    void theSeedOnlyChangesInitialSequenceNumbersAndIdentifiers() {
        RunResult a = run(7);
        RunResult b = run(8);
        assertNotEquals(lines(a), lines(b), "the packets carry other sequence numbers");
        List<String> appA = lines(a).stream().filter(l -> l.contains("keystroke") || l.contains("ping ")).toList();
        List<String> appB = lines(b).stream().filter(l -> l.contains("keystroke") || l.contains("ping ")).toList();
        assertEquals(appA, appB, "what the probes measure does not depend on the seed");
    }

    @Test
    void observationsPrintWithoutIdentityHashes() {
        for (String line : lines(run(7))) {
            assertTrue(!line.matches(".*@[0-9a-f]{4,}.*"), line);
        }
    }
}

package io.kagami.scenario.run;

import io.kagami.net.topology.CloudSpec;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link CloudSpec} of a completed scenario ({@link ScenarioDefaults#complete}): its topology and start-up. */
final class CloudFromScenario {
    private CloudFromScenario() {}

    static CloudSpec spec(Scenario s) {
        Scenario.Startup st = s.startup();
        Map<String, Long> powerUp = new LinkedHashMap<>();
        st.nodes().forEach((node, at) -> powerUp.put(node, at.nanos()));
        return spec(s.topology()).withStartup(new CloudSpec.Startup(powerUp, st.ovsAgent().nanos(),
                st.l3Agent().nanos(), st.keepalived().nanos(), st.stagger().nanos()));
    }

    private static CloudSpec spec(Scenario.Topology t) {
        CloudSpec spec = CloudSpec.scaled(t.segments(), t.networkNodes(), t.computeNodes(), t.routersPerProject(),
                        t.externalNetworks())
                .withServerNames(t.nodeNames());
        spec = spec.withHa(new CloudSpec.HaSettings(spec.ha().haCidr(), spec.ha().agentsPerRouter(),
                ScenarioDefaults.settingsOf(t.keepalived())));
        for (var r : t.routers().entrySet()) {
            spec = spec.withRouterKeepalived(r.getKey(), ScenarioDefaults.settingsOf(r.getValue().keepalived()));
        }
        Scenario.Timing tm = t.timing();
        spec = spec.withTiming(new CloudSpec.Timing(tm.underlayLatency().nanos(),
                Math.round(tm.underlayBandwidthGbps() * 1e9), tm.externalLatency().nanos(), tm.rpcLatency().nanos(),
                tm.l3AgentWorkers(), tm.l3AgentPrimaryWork().nanos(), tm.l3AgentBackupWork().nanos()));
        return spec.withSnatRandomFully(t.snatRandomFully());
    }
}

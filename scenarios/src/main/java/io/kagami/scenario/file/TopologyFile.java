package io.kagami.scenario.file;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A topology file: one cloud written once and named by many scenarios
 * ({@code topology: {file: my-cloud.yaml}}, relative to the scenario file). It holds what a
 * scenario's {@code topology:} holds (all but {@code file}: a topology file names no other), under
 * {@code topology:}; a scenario's own topology fields override the file's ({@link #under}).
 *
 * @param description what the cloud is, for people
 * @param topology    the cloud, as in a scenario
 */
public record TopologyFile(String description, Scenario.Topology topology) {

    /**
     * {@code top}'s fields over {@code base}'s: a field {@code top} gives wins; keepalived and
     * timing settings and each router's keepalived settings merge field by field, node_names name
     * by name; a list ({@code no_floating_ip}) is replaced whole. The result names {@code top}'s file.
     */
    static Scenario.Topology under(Scenario.Topology top, Scenario.Topology base) {
        Map<String, Scenario.RouterOverride> routers = new LinkedHashMap<>();
        if (base.routers() != null) {
            routers.putAll(base.routers());
        }
        if (top.routers() != null) {
            top.routers().forEach((r, o) -> {
                Scenario.RouterOverride b = routers.get(r);
                routers.put(r, b == null || o == null ? o
                        : new Scenario.RouterOverride(keepalived(o.keepalived(), b.keepalived())));
            });
        }
        return new Scenario.Topology(or(top.base(), base.base()), top.file(), or(top.segments(), base.segments()),
                or(top.networkNodes(), base.networkNodes()), or(top.computeNodes(), base.computeNodes()),
                or(top.routersPerProject(), base.routersPerProject()), keepalived(top.keepalived(), base.keepalived()),
                top.routers() == null && base.routers() == null ? null : routers,
                or(top.snatRandomFully(), base.snatRandomFully()), timing(top.timing(), base.timing()),
                or(top.noFloatingIp(), base.noFloatingIp()), names(top.nodeNames(), base.nodeNames()),
                or(top.externalNetworks(), base.externalNetworks()));
    }

    private static Map<String, String> names(Map<String, String> top, Map<String, String> base) {
        if (top == null || base == null) {
            return top == null ? base : top;
        }
        Map<String, String> names = new LinkedHashMap<>(base);
        names.putAll(top);
        return names;
    }

    private static Scenario.Keepalived keepalived(Scenario.Keepalived top, Scenario.Keepalived base) {
        return base == null ? top : ScenarioDefaults.keepalived(top, base);
    }

    private static Scenario.Timing timing(Scenario.Timing t, Scenario.Timing b) {
        if (t == null || b == null) {
            return t == null ? b : t;
        }
        return new Scenario.Timing(or(t.underlayLatency(), b.underlayLatency()),
                or(t.underlayBandwidthGbps(), b.underlayBandwidthGbps()), or(t.externalLatency(), b.externalLatency()),
                or(t.rpcLatency(), b.rpcLatency()), or(t.l3AgentWorkers(), b.l3AgentWorkers()),
                or(t.l3AgentPrimaryWork(), b.l3AgentPrimaryWork()), or(t.l3AgentBackupWork(), b.l3AgentBackupWork()));
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}

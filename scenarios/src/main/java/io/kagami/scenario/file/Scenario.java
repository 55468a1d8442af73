package io.kagami.scenario.file;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * A scenario file: the cloud to build, the probes that measure the data plane, the faults to
 * inject at virtual times, the assertions that decide the exit status, and optionally a sweep
 * over parameters. Field names are the file's (snake_case); durations are strings with units.
 * Everything but {@code name} and {@code duration} has a default (see docs/scenarios.md).
 *
 * @param name        a short identifier (used in reports and junit.xml)
 * @param description what the scenario shows, for people
 * @param seed        the seed of every random stream (default 1)
 * @param duration    the virtual time the run lasts
 * @param topology    the cloud (default: the seed deployment)
 * @param startup     when each node and agent starts (default: everything at 0)
 * @param probes      traffic probes
 * @param faults      the timeline of faults
 * @param assertions  expressions such as {@code "p99 takeover < 4s"} or {@code "split_brain == 0"}
 * @param sweep       parameter path to the values it takes; the run is repeated over the grid
 */
public record Scenario(String name, String description, Long seed, Dur duration, Topology topology,
                       Startup startup, List<Probe> probes, List<Fault> faults, List<String> assertions,
                       Map<String, List<Object>> sweep) {

    /**
     * The cloud: a built-in base ({@code seed}) scaled and tuned, or a {@link TopologyFile} whose
     * fields this topology's own override.
     *
     * @param base              the built-in deployment to start from: "seed"
     * @param file              a topology file, relative to the scenario file: its topology is the
     *                          base, and every field given here overrides the file's. {@link ScenarioLoader}
     *                          merges it in, so a loaded scenario's fields are the merged ones and
     *                          this names the file for reports
     * @param segments          how many segments (seed: 3)
     * @param networkNodes      how many network nodes (seed: 2)
     * @param computeNodes      how many compute nodes (seed: 4)
     * @param routersPerProject HA routers per project (per HA network), 1..254
     * @param keepalived        keepalived settings of every router
     * @param routers           keepalived settings of single routers, by router name (router80...)
     * @param snatRandomFully   whether SNAT rules carry --random-fully (newer Neutron)
     * @param timing            latencies, bandwidth, agent work
     * @param noFloatingIp      segments (names such as "80") whose VM has no floating IP: its traffic
     *                          out leaves with the router's gateway address (default SNAT), and
     *                          nothing outside reaches it (default: every VM has one)
     * @param nodeNames         servers renamed, by their default name (network-7 -> net-a): faults,
     *                          start-up and reports use the new names (default: none renamed)
     */
    public record Topology(String base, String file, Integer segments, @JsonProperty("network_nodes") Integer networkNodes,
                           @JsonProperty("compute_nodes") Integer computeNodes,
                           @JsonProperty("routers_per_project") Integer routersPerProject, Keepalived keepalived,
                           Map<String, RouterOverride> routers,
                           @JsonProperty("snat_random_fully") Boolean snatRandomFully, Timing timing,
                           @JsonProperty("no_floating_ip")
                           @JsonDeserialize(contentUsing = ScenarioLoader.SegmentName.class) List<String> noFloatingIp,
                           @JsonProperty("node_names") Map<String, String> nodeNames,
                           @JsonProperty("external_networks") Integer externalNetworks) {

        /** A topology that gives no field: everything from its defaults. */
        public static final Topology NONE = new Topology(null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** One router's own settings. */
    public record RouterOverride(Keepalived keepalived) {}

    /** keepalived settings; a missing field keeps Neutron's value. */
    public record Keepalived(Integer version, @JsonProperty("advert_int") Dur advertInt, Integer priority,
                             Boolean preempt, @JsonProperty("garp_master_repeat") Integer garpMasterRepeat,
                             @JsonProperty("garp_master_delay") Dur garpMasterDelay) {}

    /** Timings of what is not simulated inside; a missing field keeps the default. */
    public record Timing(@JsonProperty("underlay_latency") Dur underlayLatency,
                         @JsonProperty("underlay_bandwidth_gbps") Double underlayBandwidthGbps,
                         @JsonProperty("external_latency") Dur externalLatency,
                         @JsonProperty("rpc_latency") Dur rpcLatency,
                         @JsonProperty("l3_agent_workers") Integer l3AgentWorkers,
                         @JsonProperty("l3_agent_primary_work") Dur l3AgentPrimaryWork,
                         @JsonProperty("l3_agent_backup_work") Dur l3AgentBackupWork) {}

    /**
     * When each node powers up and its agents start; every field defaults to 0s (all at once, as
     * Neutron left the cloud). The node reboot fault uses the same agent order.
     *
     * @param nodes      power-up time per network or compute node
     * @param ovsAgent   from a node's power-up to its OVS agent's flows (ha- ports and tunnels wired)
     * @param l3Agent    from a network node's power-up to its L3 agent's start
     * @param keepalived from the L3 agent's start to the first keepalived it spawns
     * @param stagger    between two keepalived spawned on one node, in router order
     */
    public record Startup(Map<String, Dur> nodes, @JsonProperty("ovs_agent") Dur ovsAgent,
                          @JsonProperty("l3_agent") Dur l3Agent, Dur keepalived, Dur stagger) {}

    /**
     * A traffic probe per segment.
     *
     * @param type      {@code ping} (ICMP echo) or {@code ssh} (a TCP session sending a keystroke each interval)
     * @param direction {@code inbound}: from the client outside to the VM's floating IP;
     *                  {@code outbound}: from the VM to the client (leaves with its floating IP, or
     *                  the router's gateway address when it has none)
     * @param segments  which segments (names such as "80", which files may write as the number 80), or
     *                  missing for all
     * @param start     when the probe starts (default 10s)
     * @param interval  between probes (default 1s)
     */
    public record Probe(String type, String direction,
                        @JsonDeserialize(contentUsing = ScenarioLoader.SegmentName.class) List<String> segments,
                        Dur start, Dur interval) {}

    /**
     * A fault at a virtual time. {@code kind} is one of: node_crash, node_reboot,
     * keepalived_sigkill, keepalived_sigterm, keepalived_restart, ha_partition, link_down, link_up,
     * link_flap, vxlan_path_loss, l3_agent_restart, neutron_server_outage, rpc_delay, link_loss,
     * link_latency. Which other fields apply depends on the kind (docs/scenarios.md); the rest must
     * be absent.
     *
     * @param at       when
     * @param kind     what
     * @param node     the target node, or "master" (the network node hosting the most masters at
     *                 {@code at}), or "all"
     * @param routers  for keepalived_* and ha_partition: router names, or missing for every router
     *                 (on the node)
     * @param segments for the same kinds: segment names (80, 81, ...), an alternative to routers
     * @param between  for ha_partition and vxlan_path_loss: two nodes
     * @param until    for ha_partition, link_flap, vxlan_path_loss, neutron_server_outage, rpc_delay,
     *                 link_loss, link_latency: when it ends (default: never)
     * @param oneWay   for ha_partition: only from the first node to the second
     * @param link     for link_down/up/flap: "tunnel" (the VXLAN NIC) or "external" (the provider uplinks)
     * @param period   for link_flap: how long each down and each up lasts
     * @param loss     for vxlan_path_loss and link_loss: the fraction lost, 0..1 (default 1)
     * @param downFor  for l3_agent_restart and keepalived_restart: how long the process is down
     * @param bootAfter     for node_reboot: from the crash to power-up
     * @param l3AgentDelay  for node_reboot: from power-up to the L3 agent (and keepalived)
     * @param ovsAgentDelay for node_reboot: from power-up to the OVS agent's flows
     * @param delay    for rpc_delay: how much longer each agent RPC takes; for link_latency: how much
     *                 longer the node's tunnel NIC holds each frame it sends (required for both)
     */
    public record Fault(Dur at, String kind, String node, List<String> routers,
                        @JsonDeserialize(contentUsing = ScenarioLoader.SegmentName.class) List<String> segments,
                        List<String> between, Dur until,
                        @JsonProperty("one_way") Boolean oneWay, String link, Dur period, Double loss,
                        @JsonProperty("down_for") Dur downFor, @JsonProperty("boot_after") Dur bootAfter,
                        @JsonProperty("l3_agent_delay") Dur l3AgentDelay,
                        @JsonProperty("ovs_agent_delay") Dur ovsAgentDelay, Dur delay) {}
}

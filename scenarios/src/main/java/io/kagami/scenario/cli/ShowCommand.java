package io.kagami.scenario.cli;

import io.kagami.core.Kernel;
import io.kagami.core.RunResult;
import io.kagami.core.SimulationFailure;
import io.kagami.net.views.OperatorViews;
import io.kagami.net.views.ViewHandle;
import io.kagami.net.views.Views;
import io.kagami.scenario.file.Scenario;
import io.kagami.scenario.file.ScenarioException;
import io.kagami.scenario.file.ScenarioLoader;
import io.kagami.scenario.run.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kagami show}: what an operator would see on the twin at a virtual time, with the commands
 * they use in production (DOMAIN.md section 6), for a scenario file or a built-in scenario.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a scenario up to --at and prints one operator view of the twin at that moment.",
            "Views: netns (ip netns), ip-addr (ip netns exec NS ip addr), ip-route, ip-neigh, ovs-vsctl"
                + " (ovs-vsctl show), dump-flows (ovs-ofctl dump-flows BRIDGE), agents (openstack network agent"
                + " list --router R --long), keepalived-log (the router's keepalived syslog on a node)."},
        footer = {"", "Examples:", "  kagami show master-node-crash --view agents --router router80 --at 40s",
            "  kagami show master-node-crash --view ip-addr --node network-7 --namespace qrouter-... --at 40s",
            "  kagami show my.yaml --view dump-flows --node compute-3 --bridge br-tun --at 12s"})
public final class ShowCommand implements Callable<Integer> {

    enum View { netns, ip_addr, ip_route, ip_neigh, ovs_vsctl, dump_flows, agents, keepalived_log }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "a scenario file or a built-in scenario's name")
    String scenario;

    @Option(names = "--view", required = true, paramLabel = "VIEW",
            description = "netns, ip-addr, ip-route, ip-neigh, ovs-vsctl, dump-flows, agents, keepalived-log")
    String view;

    @Option(names = "--at", paramLabel = "TIME", converter = DurationConverter.class, required = true,
            description = "the virtual time to look at (before the events of that instant)")
    long at;

    @Option(names = "--node", paramLabel = "NODE", description = "the server (network-7, compute-3, ...)")
    String node;

    @Option(names = "--namespace", paramLabel = "NS", description = "for ip-*: qrouter-<uuid> or qdhcp-<uuid>")
    String namespace;

    @Option(names = "--bridge", paramLabel = "BRIDGE", description = "for dump-flows: br-int, br-tun, br-ex...")
    String bridge;

    @Option(names = "--router", paramLabel = "ROUTER", description = "for agents and keepalived-log: router80 or its id")
    String router;

    @Override
    public Integer call() throws Exception {
        View v;
        try {
            v = View.valueOf(view.replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--view: unknown view '" + view + "'; the views are"
                    + " netns, ip-addr, ip-route, ip-neigh, ovs-vsctl, dump-flows, agents, keepalived-log");
        }
        Scenario s = load();
        if (at <= 0 || at > s.duration().nanos()) {
            throw new ParameterException(spec.commandLine(), "--at: must be after 0s and within the scenario's"
                    + " duration (" + s.duration() + ")");
        }
        try (Kernel kernel = Kernel.create(1)) {
            ScenarioRunner.Prepared p = ScenarioRunner.prepare(kernel, s, 1);
            ViewHandle handle = Views.at(p.cloud(), at);
            RunResult r = kernel.run(p.cloud().model(), p.options().withUntil(at));
            OperatorViews views = handle.in(r);
            String text = switch (v) {
                case netns -> views.ipNetns(need(node, "--node"));
                case ip_addr -> views.ipAddr(need(node, "--node"), need(namespace, "--namespace"));
                case ip_route -> views.ipRoute(need(node, "--node"), need(namespace, "--namespace"));
                case ip_neigh -> views.ipNeigh(need(node, "--node"), need(namespace, "--namespace"));
                case ovs_vsctl -> views.ovsVsctlShow(need(node, "--node"));
                case dump_flows -> views.dumpFlows(need(node, "--node"), need(bridge, "--bridge"));
                case agents -> views.agentListForRouter(need(router, "--router"));
                case keepalived_log -> views.keepalivedLog(need(node, "--node"), need(router, "--router"));
            };
            spec.commandLine().getOut().print(text.endsWith("\n") ? text : text + "\n");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (SimulationFailure e) {
            spec.commandLine().getErr().println("kagami show: the simulator failed (a bug, please report it): "
                    + e.getMessage());
            return Kagami.INTERNAL_ERROR;
        }
    }

    private Scenario load() {
        try {
            if (Files.isRegularFile(Path.of(scenario)) || scenario.endsWith(".yaml") || scenario.endsWith(".yml")
                    || scenario.endsWith(".json")) {
                return ScenarioLoader.load(Path.of(scenario));
            }
            return ScenarioLoader.loadBuiltin(scenario).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown scenario '" + scenario + "': give a scenario file, or a name from 'kagami list'"));
        } catch (ScenarioException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String need(String value, String option) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "--view " + view + " needs " + option);
        }
        return value;
    }
}

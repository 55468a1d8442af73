package io.kagami.net.ovs;

import io.kagami.net.wire.DeviceInput;
import java.util.List;
import java.util.Objects;

/**
 * What neutron-openvswitch-agent (or an operator) tells a bridge: the OpenFlow flow_mods and OVSDB
 * changes the agent makes, and a request for a {@link BridgeSnapshot}. Left out: mod-flows, strict
 * deletes, port options changes and the rest of ovs-vsctl and ovs-ofctl.
 */
public sealed interface OvsCommand extends DeviceInput {

    /** {@code ovs-ofctl add-flows}: OpenFlow 1.3 adds, in order. */
    record AddFlows(List<FlowRule> flows) implements OvsCommand {
        public AddFlows {
            flows = List.copyOf(flows);
        }

        public static AddFlows of(FlowRule... flows) {
            return new AddFlows(List.of(flows));
        }
    }

    /** {@code ovs-ofctl del-flows}, non-strict. */
    record DelFlows(FlowFilter filter) implements OvsCommand {
        public DelFlows {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /** {@code ovs-vsctl add-port}: the agent adding a tunnel port, or a port plugged into a wire declared for it. */
    record AddPort(OvsPort port) implements OvsCommand {
        public AddPort {
            Objects.requireNonNull(port, "port");
        }
    }

    /** {@code ovs-vsctl del-port}; the MACs learned on it are forgotten. */
    record DelPort(String name) implements OvsCommand {
        public DelPort {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * {@code ovs-vsctl set Port NAME tag=VLAN}: the agent binding a port to its network's local VLAN, or
     * parking it on the dead VLAN 4095. Changing a port's VLAN flushes the MACs learned on it, as OVS does.
     */
    record SetPortTag(String port, int tag) implements OvsCommand {
        public SetPortTag {
            Objects.requireNonNull(port, "port");
        }
    }

    /** Makes the bridge record its {@link BridgeSnapshot} at the current virtual time. */
    record Snapshot() implements OvsCommand {}

    /**
     * Makes the bridge record, for each bridge behind its ports that overheard some of its frames
     * ({@link OverhearingFilter}), what had arrived there by now ({@link OvsBridge.Overheard}).
     */
    record ReportOverheard() implements OvsCommand {}
}

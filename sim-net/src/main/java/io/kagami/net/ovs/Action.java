package io.kagami.net.ovs;

import io.kagami.net.packet.EthernetFrame;
import io.kagami.net.packet.MacAddress;
import java.util.List;

/**
 * An OpenFlow action of the kinds Neutron's flows use, applied in order to the packet as the previous
 * actions left it (OVS's semantics: a {@code resubmit} sees and keeps the changes). {@code drop} is no
 * action at all: a flow with an empty action list, printed {@code actions=drop}. Each prints itself in
 * {@code ovs-ofctl} syntax ({@code ofpacts_format}).
 *
 * <p>Left out: every other action (set_field of other fields, push/pop_vlan as such, move, controller,
 * ct, group, meter, goto_table and write_actions), and {@code learn} with other specs than Neutron's.
 */
public sealed interface Action
        permits Action.Output, Action.Normal, Action.ModVlanVid, Action.StripVlan, Action.SetTunnel,
        Action.Load, Action.Resubmit, Action.Learn {

    /** OVS's built-in learning switch. */
    Action NORMAL = new Normal();
    /** Removes the 802.1Q tag, if any. */
    Action STRIP_VLAN = new StripVlan();

    static Action output(int ofport) {
        return new Output(ofport);
    }

    static Action modVlanVid(int vid) {
        return new ModVlanVid(vid);
    }

    static Action setTunnel(long tunId) {
        return new SetTunnel(tunId);
    }

    static Action resubmit(int table) {
        return new Resubmit(table);
    }

    /** Applies the action to the packet being translated. */
    void execute(Translation t);

    /** The action in {@code ovs-ofctl} syntax; {@link FlowRule#toString()} shows it in context. */
    String format(PortNames ports);

    /** {@code output:PORT}; OVS skips output to the packet's own input port. */
    record Output(int port) implements Action {
        public Output {
            if (port < 1 || port > Match.MAX_OFPORT) {
                throw new IllegalArgumentException("output port " + port + " out of range 1.." + Match.MAX_OFPORT);
            }
        }

        @Override
        public void execute(Translation t) {
            t.output(port);
        }

        @Override
        public String format(PortNames ports) {
            return "output:" + ports.format(port);
        }
    }

    /** {@code NORMAL}: see {@link NormalSwitch}. */
    record Normal() implements Action {
        @Override
        public void execute(Translation t) {
            t.normal();
        }

        @Override
        public String format(PortNames ports) {
            return "NORMAL";
        }
    }

    /** {@code mod_vlan_vid:N}: sets the VLAN id, pushing a tag on an untagged packet. */
    record ModVlanVid(int vid) implements Action {
        public ModVlanVid {
            if (vid < 0 || vid > EthernetFrame.MAX_VLAN) {
                throw new IllegalArgumentException("mod_vlan_vid " + vid + " out of range 0.." + EthernetFrame.MAX_VLAN);
            }
        }

        @Override
        public void execute(Translation t) {
            t.setFrame(t.frame().withVlan(vid));
        }

        @Override
        public String format(PortNames ports) {
            return "mod_vlan_vid:" + vid;
        }
    }

    /** {@code strip_vlan}. */
    record StripVlan() implements Action {
        @Override
        public void execute(Translation t) {
            t.setFrame(t.frame().withoutVlan());
        }

        @Override
        public String format(PortNames ports) {
            return "strip_vlan";
        }
    }

    /** {@code set_tunnel:0xN}: the key (VXLAN VNI) the packet gets when output to a tunnel port. */
    record SetTunnel(long tunId) implements Action {
        @Override
        public void execute(Translation t) {
            t.setTunId(tunId);
        }

        @Override
        public String format(PortNames ports) {
            // OVS switches to set_tunnel64 above 32 bits.
            return (tunId >>> 32 == 0 ? "set_tunnel:" : "set_tunnel64:") + hex(tunId);
        }
    }

    /** The fields a {@link Load} may write, with their NXM names. */
    enum LoadTarget {
        VLAN_TCI("NXM_OF_VLAN_TCI"),
        TUN_ID("NXM_NX_TUN_ID");

        private final String nxmName;

        LoadTarget(String nxmName) {
            this.nxmName = nxmName;
        }
    }

    /**
     * {@code load:V->FIELD[]}, as the flows a {@code learn} installs carry them: 0 into the TCI removes the
     * tag, a value with the CFI bit sets one.
     */
    record Load(LoadTarget target, long value) implements Action {
        @Override
        public void execute(Translation t) {
            switch (target) {
                case VLAN_TCI -> t.setFrame((value & FieldValues.VLAN_CFI) == 0 ? t.frame().withoutVlan()
                        : t.frame().withVlan((int) value & FieldValues.VLAN_VID_MASK));
                case TUN_ID -> t.setTunId(value);
            }
        }

        @Override
        public String format(PortNames ports) {
            return "load:" + hex(value) + "->" + target.nxmName + "[]";
        }
    }

    /** {@code resubmit(,T)}: looks the packet up in table T, then goes on with the next action. */
    record Resubmit(int table) implements Action {
        public Resubmit {
            FlowRule.checkTable(table);
        }

        @Override
        public void execute(Translation t) {
            t.resubmit(table);
        }

        @Override
        public String format(PortNames ports) {
            return "resubmit(," + table + ")";
        }
    }

    /**
     * The {@code learn} of Neutron's br-tun table 10 (LEARN_FROM_TUN), and only that one: it installs in
     * {@code table} a flow matching the packet's VLAN id ({@code NXM_OF_VLAN_TCI[0..11]}) and its source
     * MAC as destination ({@code NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[]}), whose actions remove the tag
     * ({@code load:0->NXM_OF_VLAN_TCI[]}), set the packet's tunnel key
     * ({@code load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[]}) and output to its input port
     * ({@code output:OXM_OF_IN_PORT[]}), the tunnel it came from.
     */
    record Learn(int table, int hardTimeout, int priority, long cookie) implements Action {
        public Learn {
            FlowRule.checkTable(table);
            FlowRule.checkTimeout("hard_timeout", hardTimeout);
            FlowRule.checkPriority(priority);
        }

        /** The flow this learn installs for a packet in this state. */
        FlowRule learnedFrom(int inPort, long tunId, EthernetFrame frame) {
            return learnedFrom(inPort, tunId, FieldValues.tci(frame) & FieldValues.VLAN_VID_MASK, frame.src());
        }

        /** The flow this learn installs for a packet from {@code src} tagged {@code vlan}. */
        FlowRule learnedFrom(int inPort, long tunId, int vlan, MacAddress src) {
            Match match = Match.ANY.vlanTci(vlan, FieldValues.VLAN_VID_MASK).dlDst(src);
            List<Action> actions = List.of(new Load(LoadTarget.VLAN_TCI, 0), new Load(LoadTarget.TUN_ID, tunId),
                    new Output(inPort));
            return new FlowRule(cookie, table, priority, match, actions, 0, hardTimeout);
        }

        @Override
        public void execute(Translation t) {
            t.learn(learnedFrom(t.inPort(), t.tunId(), t.frame()));
        }

        @Override
        public String format(PortNames ports) {
            StringBuilder s = new StringBuilder("learn(table=").append(table);
            if (hardTimeout != 0) {
                s.append(",hard_timeout=").append(hardTimeout);
            }
            if (priority != FlowRule.DEFAULT_PRIORITY) {
                s.append(",priority=").append(priority);
            }
            if (cookie != 0) {
                s.append(",cookie=").append(hex(cookie));
            }
            return s.append(",NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],"
                    + "load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[])").toString();
        }
    }

    /** C's {@code %#x}: {@code 0} for zero, else {@code 0x} and lowercase digits. */
    private static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }
}

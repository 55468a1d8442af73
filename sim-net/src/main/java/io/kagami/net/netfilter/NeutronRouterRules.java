package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The mangle and nat rules Neutron's L3 agent writes into a router namespace, in its chain layout
 * and order. Sources (openstack/neutron): {@code neutron/agent/linux/iptables_manager.py} wraps the
 * built-in chains as {@code neutron-l3-agent-<CHAIN>} (the wrap name is the agent binary's name) and
 * adds the shared {@code neutron-postrouting-bottom -> neutron-l3-agent-snat -> neutron-l3-agent-float-snat}
 * and the mangle {@code mark} chain; {@code neutron/agent/l3/router_info.py} writes the gateway's
 * SNAT rules ({@code _add_snat_rules}), the floating-IP DNAT/SNAT rules ({@code floating_forward_rules})
 * and the mark of packets entering on qg- ({@code external_gateway_mangle_rules}, mark 0x2/0xffff);
 * {@code neutron/agent/metadata/driver.py} the metadata REDIRECT to the proxy on port 9697. The
 * POSTROUTING rule is current Neutron's {@code ! -o qg-X}; until 2019, and so in the seed's release,
 * it also had {@code ! -i qg-X}, which always held: POSTROUTING has no input interface.
 *
 * <p>Left out: the filter table (metadata INPUT rules, the address-scope {@code scope} chain), the
 * raw table, address-scope marks and CONNMARK rules in mangle, IPv6, DVR, port forwarding.
 * {@code --random-fully} is off by default: the seed's Ubuntu 14.04 has iptables 1.4.21, and Neutron
 * adds it only with iptables 1.6.2 or later.
 */
public final class NeutronRouterRules {

    /** iptables_manager's wrap name for the L3 agent: its binary's name. */
    public static final String WRAP_NAME = "neutron-l3-agent";
    /** The chain shared by all Neutron agents, last in nat POSTROUTING. */
    public static final String POSTROUTING_BOTTOM = "neutron-postrouting-bottom";
    /** {@code external_ingress_mark}, default 0x2. */
    public static final long EXTERNAL_INGRESS_MARK = 0x2;
    /** {@code ROUTER_MARK_MASK}, the lower 16 bits. */
    public static final long ROUTER_MARK_MASK = 0xFFFF;
    /** The metadata service's address. */
    public static final Ipv4Address METADATA_ADDRESS = Ipv4Address.of(169, 254, 169, 254);
    /** The port the router's metadata proxy (haproxy) listens on, {@code metadata_port} default 9697. */
    public static final int METADATA_PROXY_PORT = 9697;
    /** The prefix of router interfaces on project networks. */
    public static final String INTERNAL_DEVICE_PREFIX = "qr-";
    /** iptables_comments.SNAT_OUT, on the jump from neutron-postrouting-bottom. */
    public static final String SNAT_OUT_COMMENT = "Perform source NAT on outgoing traffic.";

    /** A floating IP and the fixed (project) address it maps to. */
    public record FloatingIp(Ipv4Address floating, Ipv4Address fixed) {
        public FloatingIp {
            Objects.requireNonNull(floating, "floating");
            Objects.requireNonNull(fixed, "fixed");
        }
    }

    private NeutronRouterRules() {}

    /**
     * A router whose gateway port is {@code gatewayInterface} (the qg- device) with {@code gatewayIp} on
     * the external network.
     */
    public static Builder router(String gatewayInterface, Ipv4Address gatewayIp) {
        return new Builder(gatewayInterface, gatewayIp);
    }

    /** The rules of one router. Defaults as Neutron's: SNAT on, metadata proxy on 9697, qr- interfaces. */
    public static final class Builder {

        private final String gatewayInterface;
        private final Ipv4Address gatewayIp;
        private final List<FloatingIp> floatingIps = new ArrayList<>();
        private String internalPrefix = INTERNAL_DEVICE_PREFIX;
        private int metadataPort = METADATA_PROXY_PORT;
        private boolean snat = true;
        private boolean randomFully;

        private Builder(String gatewayInterface, Ipv4Address gatewayIp) {
            this.gatewayInterface = Objects.requireNonNull(gatewayInterface, "gatewayInterface");
            this.gatewayIp = Objects.requireNonNull(gatewayIp, "gatewayIp");
        }

        public Builder floatingIp(Ipv4Address floating, Ipv4Address fixed) {
            floatingIps.add(new FloatingIp(floating, fixed));
            return this;
        }

        public Builder floatingIps(List<FloatingIp> fips) {
            floatingIps.addAll(fips);
            return this;
        }

        /** The prefix of internal devices, {@code qr-}; the metadata rule matches {@code -i <prefix>+}. */
        public Builder internalDevicePrefix(String prefix) {
            this.internalPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** The metadata proxy port, or -1 for no metadata REDIRECT (metadata proxy disabled). */
        public Builder metadataProxyPort(int port) {
            if (port != -1 && (port < 1 || port > 0xFFFF)) {
                throw new IllegalArgumentException("metadata port " + port + " out of range 1..65535");
            }
            this.metadataPort = port;
            return this;
        }

        /** The router's {@code enable_snat} (default true): without it, no default SNAT rule. */
        public Builder enableSnat(boolean enable) {
            this.snat = enable;
            return this;
        }

        /** Whether Neutron appends {@code --random-fully} to its SNAT rules (iptables 1.6.2+). */
        public Builder randomFully(boolean randomFully) {
            this.randomFully = randomFully;
            return this;
        }

        public NetfilterTables build() {
            Wrapped mangle = new Wrapped("mangle");
            Wrapped nat = new Wrapped("nat");

            // IptablesManager.initialize_mangle_table: wrap the built-ins, then the mark chain.
            mangle.wrapBuiltins("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
            mangle.addChain("mark");
            mangle.addRule("PREROUTING", "-j $mark");

            // IptablesManager.initialize_nat_table: wrapped built-ins, the shared bottom chain, snat, float-snat.
            nat.wrapBuiltins("PREROUTING", "OUTPUT", "POSTROUTING");
            nat.table.chain(POSTROUTING_BOTTOM);
            nat.table.append("POSTROUTING", "-j " + POSTROUTING_BOTTOM);
            nat.addChain("snat");
            nat.table.append(POSTROUTING_BOTTOM, "-m comment --comment \"" + SNAT_OUT_COMMENT + "\" -j "
                    + nat.wrap("snat"));
            nat.addChain("float-snat");
            nat.addRule("snat", "-j $float-snat");

            // metadata driver, on router creation (before the router is first processed).
            if (metadataPort != -1) {
                nat.addRule("PREROUTING", "-d " + Ipv4Cidr.host(METADATA_ADDRESS) + " -i " + internalPrefix
                        + "+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports " + metadataPort);
            }

            // RouterInfo.process_floating_ip_nat_rules / floating_forward_rules.
            String random = randomFully ? " --random-fully" : "";
            for (FloatingIp fip : floatingIps) {
                nat.addRule("PREROUTING", "-d " + fip.floating() + "/32 -j DNAT --to-destination " + fip.fixed());
                nat.addRule("OUTPUT", "-d " + fip.floating() + "/32 -j DNAT --to-destination " + fip.fixed());
                nat.addRule("float-snat", "-s " + fip.fixed() + "/32 -j SNAT --to-source " + fip.floating() + random);
            }

            // RouterInfo._add_snat_rules: default SNAT, then the floating-IP helpers, then the mangle mark.
            if (snat) {
                nat.addRule("snat", "-o " + gatewayInterface + " -j SNAT --to-source " + gatewayIp + random);
            }
            nat.addRule("POSTROUTING", "! -o " + gatewayInterface + " -m conntrack ! --ctstate DNAT -j ACCEPT");
            String mark = Match.markText(EXTERNAL_INGRESS_MARK, ROUTER_MARK_MASK);
            nat.addRule("snat", "-m mark ! --mark " + mark + " -m conntrack --ctstate DNAT -j SNAT --to-source "
                    + gatewayIp + random);
            mangle.addRule("mark", "-i " + gatewayInterface + " -j MARK --set-xmark " + mark);

            return new NetfilterTables(mangle.table.build(), nat.table.build());
        }
    }

    /** iptables_manager's naming: wrapped chains get the wrap name, {@code $chain} in a rule is expanded. */
    private static final class Wrapped {
        final Table.Builder table;

        Wrapped(String name) {
            table = Table.builder(name);
        }

        String wrap(String chain) {
            return WRAP_NAME + "-" + chain;
        }

        void wrapBuiltins(String... builtins) {
            for (String builtin : builtins) {
                addChain(builtin);
                table.append(builtin, "-j " + wrap(builtin));
            }
        }

        void addChain(String chain) {
            table.chain(wrap(chain));
        }

        void addRule(String chain, String rule) {
            table.append(wrap(chain), rule.replaceAll("\\$([A-Za-z0-9_-]+)", WRAP_NAME + "-$1"));
        }
    }
}

package io.kagami.net.netfilter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An iptables table ({@code nat}, {@code mangle}): its built-in chains, one per hook it is attached
 * to, and user chains, checked when built as the kernel checks a ruleset on load (jumps to existing
 * chains, no loops, targets in the tables and hooks that allow them). {@link #traverse} walks a packet
 * through the chain of a hook the way {@code ipt_do_table} does: rules in order, jumps and RETURN on a
 * stack, MARK applied and passed, the first terminating target (ACCEPT, DROP, DNAT, SNAT, REDIRECT)
 * returned, the policy (ACCEPT) when a built-in chain runs out. Immutable; the L3 agent replaces a
 * whole table, as iptables-restore does. Left out: the filter and raw tables, rule counters, DROP
 * policies.
 */
public final class Table {

    private static final Target.Accept POLICY = new Target.Accept();

    private final String name;
    private final Map<String, Chain> chains;
    /** The built-in chain of each hook, by the hook's ordinal; null where the table has none. */
    private final Resolved[] byHook = new Resolved[Hook.values().length];

    private Table(String name, Map<String, Chain> chains) {
        this.name = name;
        this.chains = chains;
        Map<String, Resolved> resolved = new HashMap<>();
        for (Chain chain : chains.values()) {
            if (chain.builtin()) {
                byHook[Hook.valueOf(chain.name()).ordinal()] = Resolved.resolve(chain, resolved, chains);
            }
        }
    }

    /** The hooks a table is attached to in Linux, which are its built-in chains, in kernel order. */
    public static List<Hook> builtinHooks(String table) {
        return switch (table) {
            case "nat" -> List.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING);
            case "mangle" -> List.of(Hook.PREROUTING, Hook.INPUT, Hook.FORWARD, Hook.OUTPUT, Hook.POSTROUTING);
            default -> throw new IllegalArgumentException("table '" + table + "' not modelled (nat or mangle)");
        };
    }

    public static Builder builder(String table) {
        return new Builder(table);
    }

    /** An empty table: built-in chains only, no rules. */
    public static Table empty(String table) {
        return builder(table).build();
    }

    public String name() {
        return name;
    }

    /** The chain called {@code chain}, or null. */
    public Chain chain(String chain) {
        return chains.get(chain);
    }

    /** Built-in chains in kernel order, then user chains sorted by name: iptables-save's order. */
    public List<Chain> chains() {
        return List.copyOf(chains.values());
    }

    /**
     * Walks {@code packet} through the chain of {@code hook}: the terminating target, or the policy,
     * ACCEPT. MARK targets on the way change the packet's mark.
     */
    public Target traverse(Hook hook, PacketInFlight packet) {
        packet.setHook(hook);
        Resolved chain = byHook[hook.ordinal()];
        if (chain == null) {
            return POLICY;
        }
        Target verdict = chain.walk(packet);
        return verdict == null ? POLICY : verdict;
    }

    /** A chain with its jumps resolved to the chains they call, so that a walk looks nothing up. */
    private static final class Resolved {
        private final Rule[] rules;
        /** For each rule, the chain it jumps to, or null. */
        private final Resolved[] jumps;

        private Resolved(Chain chain, Map<String, Resolved> resolved, Map<String, Chain> chains) {
            rules = chain.rules().toArray(new Rule[0]);
            jumps = new Resolved[rules.length];
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].target() instanceof Target.Jump jump) {
                    jumps[i] = resolve(chains.get(jump.chain()), resolved, chains);
                }
            }
        }

        /** The chain, resolved once however many rules jump to it (the table has no loops). */
        static Resolved resolve(Chain chain, Map<String, Resolved> resolved, Map<String, Chain> chains) {
            Resolved known = resolved.get(chain.name());
            if (known == null) {
                known = new Resolved(chain, resolved, chains);
                resolved.put(chain.name(), known);
            }
            return known;
        }

        /** The terminating target the packet meets in this chain or those it jumps to; null if it falls off the end or RETURNs. */
        Target walk(PacketInFlight packet) {
            for (int i = 0; i < rules.length; i++) {
                Rule rule = rules[i];
                if (!rule.matches(packet)) {
                    continue;
                }
                Target target = rule.target();
                if (target instanceof Target.SetMark mark) {
                    packet.setMark(mark.apply(packet.mark()));
                } else if (jumps[i] != null) {
                    Target verdict = jumps[i].walk(packet);
                    if (verdict != null) {
                        return verdict;
                    }
                } else if (target instanceof Target.Return) {
                    return null;
                } else {
                    return target;
                }
            }
            return null;
        }
    }

    /**
     * The table as {@code iptables-save -t <name>} prints it: {@code *name}, the chain declarations,
     * the rules chain by chain, {@code COMMIT}; one line each, each ending in a newline.
     */
    public String save() {
        StringBuilder out = new StringBuilder("*").append(name).append('\n');
        for (Chain chain : chains.values()) {
            out.append(chain.declaration()).append('\n');
        }
        for (Chain chain : chains.values()) {
            for (Rule rule : chain.rules()) {
                out.append("-A ").append(chain.name()).append(' ').append(rule).append('\n');
            }
        }
        return out.append("COMMIT\n").toString();
    }

    @Override
    public String toString() {
        return save();
    }

    /** Builds a table the way iptables-restore loads one: {@code -N} chains, {@code -A} rules. */
    public static final class Builder {

        private final String table;
        private final Map<String, List<Rule>> builtins = new LinkedHashMap<>();
        private final Map<String, List<Rule>> userChains = new TreeMap<>();

        private Builder(String table) {
            this.table = table;
            for (Hook hook : builtinHooks(table)) {
                builtins.put(hook.name(), new ArrayList<>());
            }
        }

        /** {@code -N chain}: declares a user chain (again is harmless, as in Neutron's iptables manager). */
        public Builder chain(String chain) {
            Objects.requireNonNull(chain, "chain");
            if (chain.isEmpty() || chain.length() > 28 || chain.startsWith("-") || chain.contains(" ")) {
                throw new IllegalArgumentException("'" + chain + "' is not a chain name (1 to 28 characters,"
                        + " no spaces, not starting with -)");
            }
            if (!builtins.containsKey(chain)) {
                userChains.putIfAbsent(chain, new ArrayList<>());
            }
            return this;
        }

        /** {@code -A chain rule}, the rule in iptables syntax. */
        public Builder append(String chain, String rule) {
            return append(chain, Rule.parse(rule));
        }

        /** {@code -A chain rule}. */
        public Builder append(String chain, Rule rule) {
            List<Rule> rules = builtins.containsKey(chain) ? builtins.get(chain) : userChains.get(chain);
            if (rules == null) {
                throw new IllegalArgumentException("no chain '" + chain + "' in table " + table + " (declare it first)");
            }
            String allowed = rule.target().table();
            if (allowed != null && !allowed.equals(table)) {
                throw new IllegalArgumentException("-j " + rule.target().render() + " is only valid in the "
                        + allowed + " table, not in " + table + " (chain " + chain + ")");
            }
            rules.add(rule);
            return this;
        }

        /**
         * The table.
         *
         * @throws IllegalArgumentException for a jump to a missing chain, a loop of jumps, or a target
         *     reachable from a hook that does not allow it (SNAT from PREROUTING, say)
         */
        public Table build() {
            Map<String, Chain> chains = new LinkedHashMap<>();
            builtins.forEach((name, rules) -> chains.put(name, new Chain(name, true, rules)));
            userChains.forEach((name, rules) -> chains.put(name, new Chain(name, false, rules)));
            for (Chain chain : chains.values()) {
                for (Rule rule : chain.rules()) {
                    if (rule.target() instanceof Target.Jump jump) {
                        Chain to = chains.get(jump.chain());
                        if (to == null || to.builtin()) {
                            throw new IllegalArgumentException("-A " + chain.name() + " " + rule
                                    + ": no user chain '" + jump.chain() + "' in table " + table);
                        }
                    }
                }
            }
            for (Chain chain : chains.values()) {
                if (chain.builtin()) {
                    check(chains, chain, Hook.valueOf(chain.name()), new HashSet<>());
                }
            }
            return new Table(table, chains);
        }

        private void check(Map<String, Chain> chains, Chain chain, Hook hook, Set<String> path) {
            if (!path.add(chain.name())) {
                throw new IllegalArgumentException("loop of jumps through chain " + chain.name() + " in table "
                        + table);
            }
            for (Rule rule : chain.rules()) {
                Target target = rule.target();
                if (target instanceof Target.Jump jump) {
                    check(chains, chains.get(jump.chain()), hook, path);
                } else if (!target.hooks().contains(hook)) {
                    throw new IllegalArgumentException("-A " + chain.name() + " " + rule + ": " + target.render()
                            + " is reached from " + hook + ", but is only valid in " + EnumSet.copyOf(target.hooks()));
                }
            }
            path.remove(chain.name());
        }
    }
}

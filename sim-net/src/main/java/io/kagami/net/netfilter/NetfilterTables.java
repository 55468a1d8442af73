package io.kagami.net.netfilter;

import java.util.Objects;

/**
 * The rulesets of one namespace that this model runs: {@code mangle} (packet marks) and {@code nat}.
 */
public record NetfilterTables(Table mangle, Table nat) {

    public NetfilterTables {
        Objects.requireNonNull(mangle, "mangle");
        Objects.requireNonNull(nat, "nat");
        if (!mangle.name().equals("mangle") || !nat.name().equals("nat")) {
            throw new IllegalArgumentException("expected the mangle and nat tables, got " + mangle.name() + " and "
                    + nat.name());
        }
    }

    /** No rules at all: conntrack still runs, NAT does nothing. */
    public static NetfilterTables empty() {
        return new NetfilterTables(Table.empty("mangle"), Table.empty("nat"));
    }

    /** The table called {@code name}. */
    public Table table(String name) {
        return switch (name) {
            case "nat" -> nat;
            case "mangle" -> mangle;
            default -> throw new IllegalArgumentException("table '" + name + "' not modelled (nat or mangle)");
        };
    }

    /** {@code iptables-save -t <name>}. */
    public String save(String name) {
        return table(name).save();
    }
}

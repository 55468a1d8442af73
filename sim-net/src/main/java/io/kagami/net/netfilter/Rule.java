package io.kagami.net.netfilter;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An iptables rule: conditions that must all hold and a target. {@link #parse} reads the rule
 * syntax Neutron writes (what follows {@code -A chain}); {@link #toString} prints it back as
 * iptables-save would.
 */
public record Rule(List<Match> matches, Target target) {

    public Rule {
        matches = List.copyOf(matches);
        Objects.requireNonNull(target, "target");
    }

    /**
     * Parses a rule such as {@code -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT
     * --to-ports 9697}.
     *
     * @throws IllegalArgumentException naming the option that is wrong or not modelled
     */
    public static Rule parse(String text) {
        return RuleParser.parse(text);
    }

    public boolean matches(PacketInFlight packet) {
        for (int i = 0; i < matches.size(); i++) { // indexed: this runs for every rule a packet meets
            if (!matches.get(i).matches(packet)) {
                return false;
            }
        }
        return true;
    }

    /** The rule as iptables-save prints it after {@code -A chain}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        matches.stream().sorted(Comparator.comparingInt(Match::order)).forEach(m -> out.append(m.render()).append(' '));
        return out.append("-j ").append(target.render()).toString();
    }
}

package io.kagami.net.netfilter;

import io.kagami.net.packet.Ipv4Address;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the iptables rule syntax of {@link Rule#parse}: {@code [!] -s/-d/-i/-o/-p}, {@code -m tcp/udp
 * [!] --sport/--dport}, {@code -m mark [!] --mark}, {@code -m conntrack [!] --ctstate},
 * {@code -m comment --comment}, and {@code -j} with ACCEPT, DROP, RETURN, a chain, DNAT, SNAT,
 * REDIRECT or MARK. {@code !} goes before the option, as in current iptables. Double quotes group
 * words. Anything else is refused with a message naming it.
 */
final class RuleParser {

    private final String text;
    private final List<String> tokens;
    private int next;
    private final List<Match> matches = new ArrayList<>();
    private int protocol = -1;
    private String module;

    private RuleParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    static Rule parse(String text) {
        return new RuleParser(text).rule();
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = null;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length()) {
                    token.append(text.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    token.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                if (token == null) {
                    token = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (token != null) {
                    tokens.add(token.toString());
                    token = null;
                }
            } else {
                if (token == null) {
                    token = new StringBuilder();
                }
                token.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in iptables rule '" + text + "'");
        }
        if (token != null) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " in iptables rule '" + text + "'");
    }

    private String value(String option) {
        if (next >= tokens.size()) {
            throw error(option + " needs a value");
        }
        return tokens.get(next++);
    }

    private Rule rule() {
        Target target = null;
        boolean negated = false;
        while (next < tokens.size()) {
            String option = tokens.get(next++);
            if (option.equals("!")) {
                if (negated) {
                    throw error("'! !'");
                }
                negated = true;
                continue;
            }
            if (target != null) {
                throw error("'" + option + "' after the target");
            }
            switch (option) {
                case "-s", "--source" -> matches.add(new Match.Source(cidr(value(option)), negated));
                case "-d", "--destination" -> matches.add(new Match.Destination(cidr(value(option)), negated));
                case "-i", "--in-interface" -> matches.add(new Match.InInterface(value(option), negated));
                case "-o", "--out-interface" -> matches.add(new Match.OutInterface(value(option), negated));
                case "-p", "--protocol" -> {
                    protocol = protocolNumber(value(option));
                    matches.add(new Match.Protocol(protocol, negated));
                }
                case "-m", "--match" -> module = value(option);
                case "--sport", "--source-port", "--dport", "--destination-port" -> ports(option, negated);
                case "--mark" -> {
                    requireModule("mark", option);
                    long[] mark = markAndMask(value(option), 0xFFFF_FFFFL);
                    matches.add(new Match.Mark(mark[0], mark[1], negated));
                }
                case "--ctstate" -> {
                    requireModule("conntrack", option);
                    matches.add(new Match.ConntrackState(states(value(option)), negated));
                }
                case "--comment" -> {
                    requireModule("comment", option);
                    matches.add(new Match.Comment(value(option)));
                }
                case "-j", "--jump" -> target = target(value(option));
                default -> throw error("option '" + option + "' not modelled");
            }
            if (negated && (option.equals("-m") || option.equals("-j") || option.equals("--comment"))) {
                throw error("'!' before " + option);
            }
            negated = false;
        }
        if (negated) {
            throw error("'!' at the end");
        }
        if (target == null) {
            throw error("no target (-j)");
        }
        return new Rule(matches, target);
    }

    private void requireModule(String wanted, String option) {
        if (!wanted.equals(module)) {
            throw error(option + " needs -m " + wanted + " before it");
        }
    }

    private Ipv4Cidr cidr(String value) {
        try {
            return Ipv4Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private int protocolNumber(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "tcp":
                return Tuple.TCP;
            case "udp":
                return Tuple.UDP;
            case "icmp":
                return Tuple.ICMP;
            default:
                try {
                    int number = Integer.parseInt(name);
                    if (number >= 0 && number <= 255) {
                        return number;
                    }
                } catch (NumberFormatException e) {
                    // fall through to the error
                }
                throw error("protocol '" + name + "' not modelled (tcp, udp, icmp or 0..255)");
        }
    }

    // iptables loads the tcp/udp match by itself after -p tcp; a second port option joins the same match.
    private void ports(String option, boolean negated) {
        if (protocol != Tuple.TCP && protocol != Tuple.UDP) {
            throw error(option + " needs -p tcp or -p udp before it");
        }
        int[] range = portRange(value(option));
        boolean source = option.equals("--sport") || option.equals("--source-port");
        Match.Ports previous = null;
        if (!matches.isEmpty() && matches.get(matches.size() - 1) instanceof Match.Ports ports) {
            previous = ports;
            matches.remove(matches.size() - 1);
        }
        int srcFrom = previous == null ? -1 : previous.srcFrom();
        int srcTo = previous == null ? -1 : previous.srcTo();
        boolean srcNegated = previous != null && previous.srcNegated();
        int dstFrom = previous == null ? -1 : previous.dstFrom();
        int dstTo = previous == null ? -1 : previous.dstTo();
        boolean dstNegated = previous != null && previous.dstNegated();
        if (source) {
            srcFrom = range[0];
            srcTo = range[1];
            srcNegated = negated;
        } else {
            dstFrom = range[0];
            dstTo = range[1];
            dstNegated = negated;
        }
        matches.add(new Match.Ports(protocol, srcFrom, srcTo, srcNegated, dstFrom, dstTo, dstNegated));
    }

    private int[] portRange(String value) {
        String[] parts = value.split("[:-]", -1);
        if (parts.length > 2) {
            throw error("port range '" + value + "'");
        }
        int from = port(parts[0]);
        int to = parts.length == 2 ? port(parts[1]) : from;
        if (from > to) {
            throw error("port range '" + value + "' runs backwards");
        }
        return new int[] {from, to};
    }

    private int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 0xFFFF) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw error("port '" + text + "' (expected 0..65535)");
    }

    private long[] markAndMask(String value, long defaultMask) {
        String[] parts = value.split("/", -1);
        if (parts.length > 2) {
            throw error("mark '" + value + "'");
        }
        return new long[] {number32(parts[0]), parts.length == 2 ? number32(parts[1]) : defaultMask};
    }

    private long number32(String text) {
        try {
            long number = text.startsWith("0x") || text.startsWith("0X")
                    ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
            if (number >= 0 && number <= 0xFFFF_FFFFL) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw error("'" + text + "' is not a 32-bit number");
    }

    private Set<CtState> states(String value) {
        Set<CtState> states = EnumSet.noneOf(CtState.class);
        for (String name : value.split(",", -1)) {
            try {
                states.add(CtState.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error("conntrack state '" + name + "' (expected INVALID, NEW, RELATED, ESTABLISHED,"
                        + " UNTRACKED, SNAT or DNAT)");
            }
        }
        return states;
    }

    private Target target(String name) {
        Target target = switch (name) {
            case "ACCEPT" -> new Target.Accept();
            case "DROP" -> new Target.Drop();
            case "RETURN" -> new Target.Return();
            case "DNAT" -> dnat();
            case "SNAT" -> snat();
            case "REDIRECT" -> redirect();
            case "MARK" -> mark();
            default -> {
                if (name.isEmpty() || name.startsWith("-") || name.equals(name.toUpperCase(Locale.ROOT))
                        && !name.contains("-")) {
                    throw error("target '" + name + "' not modelled");
                }
                yield new Target.Jump(name);
            }
        };
        if (next < tokens.size()) {
            throw error("'" + tokens.get(next) + "' not understood after -j " + name);
        }
        return target;
    }

    private String targetOption(String target, String option) {
        if (next >= tokens.size() || !tokens.get(next).equals(option)) {
            throw error(target + " needs " + option);
        }
        next++;
        return value(option);
    }

    private Ipv4Address address(String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private Target dnat() {
        String to = targetOption("DNAT", "--to-destination");
        int colon = to.indexOf(':');
        if (colon < 0) {
            return new Target.Dnat(address(to), -1);
        }
        return new Target.Dnat(address(to.substring(0, colon)), port(to.substring(colon + 1)));
    }

    private Target snat() {
        String to = targetOption("SNAT", "--to-source");
        boolean randomFully = false;
        if (next < tokens.size() && tokens.get(next).equals("--random-fully")) {
            randomFully = true;
            next++;
        }
        int colon = to.indexOf(':');
        if (colon < 0) {
            return new Target.Snat(address(to), -1, -1, randomFully);
        }
        int[] range = portRange(to.substring(colon + 1));
        return new Target.Snat(address(to.substring(0, colon)), range[0], range[1], randomFully);
    }

    private Target redirect() {
        int[] range = portRange(targetOption("REDIRECT", "--to-ports"));
        return new Target.Redirect(range[0], range[1]);
    }

    private Target mark() {
        if (next < tokens.size() && tokens.get(next).equals("--set-mark")) {
            next++;
            long[] mark = markAndMask(value("--set-mark"), 0xFFFF_FFFFL);
            return new Target.SetMark(mark[0], mark[1] | mark[0]); // libxt_MARK: --set-mark v/m saves as v/(m|v)
        }
        long[] mark = markAndMask(targetOption("MARK", "--set-xmark"), 0xFFFF_FFFFL);
        return new Target.SetMark(mark[0], mark[1]);
    }
}

package io.kagami.core.workload;

import io.kagami.core.Context;
import io.kagami.core.Entity;
import io.kagami.core.EntityRef;
import io.kagami.core.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * PHOLD, the standard workload of parallel discrete-event simulation: entities spread over groups
 * pass tokens around; each token that arrives is sent on to a random entity after the lookahead
 * plus an exponential delay, to another group with probability {@code remoteFraction}. It
 * exercises the kernel alone (no network), for tests of determinism and for benchmarks.
 *
 * @param entities       how many entities
 * @param groups         how many groups they are spread over (round robin)
 * @param tokensEach     tokens each entity starts with
 * @param remoteFraction probability that a hop goes to another group
 * @param lookahead      the least delay between groups, added to every hop (ns)
 * @param meanDelay      mean of the exponential part of a hop's delay (ns)
 */
public record Phold(int entities, int groups, int tokensEach, double remoteFraction, long lookahead, long meanDelay) {

    public Phold {
        if (entities < 1 || groups < 1 || groups > entities || tokensEach < 1) {
            throw new IllegalArgumentException("PHOLD needs entities >= groups >= 1 and tokensEach >= 1");
        }
    }

    /** The token passed around; a constant string keeps the trace digest cheap. */
    public enum Token { TOKEN }

    public Model model() {
        Model.Builder b = Model.builder();
        List<List<EntityRef<Token>>> byGroup = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            byGroup.add(new ArrayList<>());
        }
        List<List<EntityRef<Token>>> view = java.util.Collections.unmodifiableList(byGroup);
        for (int i = 0; i < entities; i++) {
            int g = i % groups;
            byGroup.get(g).add(b.add("lp-" + i, "group-" + g, () -> new Process(this, g, view)));
        }
        if (groups > 1) {
            b.defaultLookahead(lookahead);
        }
        return b.build();
    }

    private static final class Process implements Entity<Token> {
        private final Phold p;
        private final int group;
        private final List<List<EntityRef<Token>>> byGroup;

        Process(Phold p, int group, List<List<EntityRef<Token>>> byGroup) {
            this.p = p;
            this.group = group;
            this.byGroup = byGroup;
        }

        @Override
        public void onStart(Context<Token> ctx) {
            for (int i = 0; i < p.tokensEach; i++) {
                onMessage(ctx, Token.TOKEN);
            }
        }

        @Override
        public void onMessage(Context<Token> ctx, Token token) {
            SplittableRandom r = ctx.random();
            int g = group;
            if (p.groups > 1 && r.nextDouble() < p.remoteFraction) {
                g = (group + 1 + r.nextInt(p.groups - 1)) % p.groups;
            }
            List<EntityRef<Token>> members = byGroup.get(g);
            EntityRef<Token> to = members.get(r.nextInt(members.size()));
            long delay = p.lookahead + (long) (-Math.log(1.0 - r.nextDouble()) * p.meanDelay);
            ctx.send(to, token, delay);
        }
    }
}

package dev.hagate.wait;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The condition "exactly one holder, the same one, for {@code steadyFor}", as a VRRP address (the VIP, a
 * router's gateway) must be seen: a second master, a split brain, shows only once a backup has timed out
 * (three advert intervals), so one look is not enough. A condition for {@link Wait#on}; it keeps the time
 * since which it has seen the same single holder, so use a new one for each wait.
 */
public final class Steady implements Supplier<Seen<String>> {

    private final Supplier<List<String>> holders;
    private final Duration steadyFor;
    private List<String> last = List.of();
    private long since;

    private Steady(Supplier<List<String>> holders, Duration steadyFor) {
        this.holders = holders;
        this.steadyFor = steadyFor;
    }

    /** One holder of what {@code holders} lists (names, in a stable order), unchanged for {@code steadyFor}. */
    public static Steady singleHolder(Supplier<List<String>> holders, Duration steadyFor) {
        return new Steady(holders, steadyFor);
    }

    @Override
    public Seen<String> get() {
        List<String> now = holders.get();
        long at = System.nanoTime();
        if (now.size() != 1 || !now.equals(last)) {
            since = at;
        }
        last = now;
        if (now.size() == 1 && at - since >= steadyFor.toNanos()) {
            return Seen.done(now.get(0));
        }
        return Seen.notYet(now.isEmpty() ? "held by no node"
                : now.size() > 1 ? "held by " + String.join(", ", now) + " (split brain)"
                : "held by " + now.get(0) + " for less than " + steadyFor.toSeconds() + " s");
    }
}

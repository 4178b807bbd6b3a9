package dev.hagate.check;

import dev.hagate.history.Operation;
import dev.hagate.history.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a probe stopped recording while the scenario ran. A client doing its operation at its rate starts one
 * every period, and none takes longer than its timeout; so in warm-up, hold and cool-down, a stretch in which a
 * client neither started nor finished an operation for longer than twice its period plus its operation timeout
 * means it stopped measuring (its thread died or hung, its history was not written), not that the cloud was
 * slow. A client with no operation inside one of these phases measured nothing of it, however short the phase
 * (a hold shorter than the allowed gap, the last seconds of cool-down). Each client of a probe is looked at on
 * its own. Pure: a probe's operations and the scenario's phases in, the gaps out.
 */
public final class RecordGaps {

    /** The phases in which a probe must keep recording. */
    static final List<String> WATCHED = List.of(Phases.WARMUP, Phases.HOLD, Phases.COOLDOWN);

    private RecordGaps() {}

    /**
     * How a probe's clients should record.
     *
     * @param op               the operation its clients repeat ({@code write}); other kinds are not looked at
     * @param rate             operations per second over all its clients
     * @param operationTimeout the longest one operation can take, by the client's own timeouts
     */
    public record Pace(String op, double rate, Duration operationTimeout, Clients clients) {

        /** How often each client starts an operation. */
        public Duration period() {
            return Duration.ofNanos((long) (1e9 * clients.count() / rate));
        }

        /** The longest stretch a working client can go without starting or finishing an operation. */
        public Duration allowedGap() {
            return period().multipliedBy(2).plus(operationTimeout);
        }
    }

    /**
     * A stretch of a phase in which one client of a probe recorded nothing.
     *
     * @param client empty for a probe with one client
     * @param from   the wall-clock time the stretch began, for the reader
     * @param length measured on the run's monotonic clock when the history has it
     * @param empty  the client recorded nothing in the whole phase
     */
    public record Gap(String probe, String client, String phase, Instant from, Instant to, Duration length, boolean empty,
                      Duration allowed) {

        public String describe() {
            String who = "probe " + probe + Clients.suffix(client);
            if (empty) {
                return who + " recorded no operation in the " + Phases.label(phase) + " (" + from + " to " + to + ", "
                        + seconds(length) + ")";
            }
            return who + " recorded nothing for " + seconds(length) + " in the " + Phases.label(phase) + ", from " + from
                    + " to " + to + "; at its rate and timeout the longest gap allowed is " + seconds(allowed);
        }
    }

    /** A point where a client was seen working: an operation started or finished. */
    private record Seen(long at, Instant wall) {}

    /**
     * Every gap in {@code ops} (one probe's operations) within the phases recorded in {@code phases} (the
     * scenario's own history), in phase order. Phases the scenario did not record are not looked at.
     */
    public static List<Gap> find(String probe, List<Operation> ops, List<Operation> phases, Pace pace) {
        List<Operation> repeated = ops.stream().filter(o -> o.op().equals(pace.op())).toList();
        Timeline timeline = Timeline.of(repeated, phases);
        Duration allowed = pace.allowedGap();
        List<Gap> gaps = new ArrayList<>();
        for (String name : WATCHED) {
            Optional<Operation> phase = phases.stream().filter(p -> p.op().equals(name) && p.ok()).reduce((a, b) -> b);
            if (phase.isEmpty()) {
                continue;
            }
            Seen start = new Seen(timeline.invoked(phase.get()), phase.get().invokedAt());
            Seen end = new Seen(timeline.completed(phase.get()), phase.get().completedAt());
            for (Map.Entry<String, List<Operation>> client : pace.clients().split(repeated).entrySet()) {
                List<Seen> seen = new ArrayList<>();
                for (Operation o : client.getValue()) {
                    seen.add(new Seen(timeline.invoked(o), o.invokedAt()));
                    seen.add(new Seen(timeline.completed(o), o.completedAt()));
                }
                List<Seen> inside = seen.stream().filter(s -> s.at() >= start.at() && s.at() <= end.at())
                        .sorted(Comparator.comparingLong(Seen::at)).toList();
                if (inside.isEmpty()) {
                    gaps.add(gap(probe, client.getKey(), name, start, end, true, allowed));
                    continue;
                }
                Seen previous = start;
                for (Seen s : inside) {
                    if (s.at() - previous.at() > allowed.toNanos()) {
                        gaps.add(gap(probe, client.getKey(), name, previous, s, false, allowed));
                    }
                    previous = s;
                }
                if (end.at() - previous.at() > allowed.toNanos()) {
                    gaps.add(gap(probe, client.getKey(), name, previous, end, false, allowed));
                }
            }
        }
        return gaps;
    }

    private static Gap gap(String probe, String client, String phase, Seen from, Seen to, boolean empty, Duration allowed) {
        return new Gap(probe, client, phase, from.wall(), to.wall(), Duration.ofNanos(to.at() - from.at()), empty, allowed);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
}

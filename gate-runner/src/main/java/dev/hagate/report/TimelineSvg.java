package dev.hagate.report;

import dev.hagate.check.Outages;
import dev.hagate.check.RecordGaps.Pace;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.OperationNames;
import dev.hagate.history.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario's timeline as an SVG picture: the scenario's phases on top, then one lane per probe with every
 * operation (green ok, red failed, orange unknown), the fault and the recovery shaded across all lanes, and
 * each probe's worst outage measured as the {@code max-outage} check measures it ({@link Outages}): on the
 * operation the probe repeats, client by client. Drawn from the histories and the probes' paces alone.
 */
public final class TimelineSvg {

    private static final int WIDTH = 1100;
    private static final int LEFT = 140;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int LANE = 46;
    private static final String OK = "#2e9e44";
    private static final String FAIL = "#d93025";
    private static final String UNKNOWN = "#f29900";

    private final StringBuilder svg = new StringBuilder();
    private Instant t0;
    private double msWidth;

    private final Map<String, Pace> paces;

    private TimelineSvg(Map<String, Pace> paces) {
        this.paces = paces;
    }

    /**
     * @param histories the scenario's own history and one per probe
     * @param paces     how each probe recorded, by its name; a probe not among them is drawn without its outage
     */
    public static String render(String title, List<History> histories, Map<String, Pace> paces) {
        return new TimelineSvg(paces).draw(title, histories);
    }

    private String draw(String title, List<History> histories) {
        List<Operation> all = histories.stream().flatMap(h -> h.operations().stream()).toList();
        Optional<History> phases = histories.stream().filter(h -> h.probe().equals(History.SCENARIO)).findFirst();
        List<History> probes = histories.stream().filter(h -> !h.probe().equals(History.SCENARIO)).toList();
        int height = TOP + LANE * (1 + probes.size()) + 60;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(LEFT, 20, title, "font-size=\"15\" font-weight=\"bold\"");
        if (all.isEmpty()) {
            text(LEFT, TOP + 20, "no operations were recorded", "");
            return svg.append("</svg>\n").toString();
        }
        t0 = all.stream().map(Operation::invokedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant t1 = all.stream().map(Operation::completedAt).max(Comparator.naturalOrder()).orElseThrow();
        msWidth = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, Duration.between(t0, t1).toMillis());
        int bottom = TOP + LANE * (1 + probes.size());

        phases.ifPresent(p -> shadeFault(p.operations(), bottom));
        axis(t1, bottom);
        phases.ifPresent(p -> drawPhases(p.operations()));
        for (int i = 0; i < probes.size(); i++) {
            drawProbe(probes.get(i), TOP + LANE * (i + 1));
        }
        legend(bottom + 38);
        return svg.append("</svg>\n").toString();
    }

    private void shadeFault(List<Operation> phases, int bottom) {
        Optional<Operation> fault = find(phases, OperationNames.FAULT);
        Optional<Operation> recover = find(phases, OperationNames.RECOVER);
        fault.ifPresent(f -> {
            double from = x(f.invokedAt());
            double to = recover.map(r -> x(r.invokedAt())).orElse(from + 2);
            rect(from, TOP - 6, to - from, bottom - TOP + 6, "#fce8e6", "fault in effect");
            text(from + 3, TOP - 10, "fault: " + f.detail(), "fill=\"" + FAIL + "\"");
        });
        recover.ifPresent(r -> {
            double from = x(r.invokedAt());
            rect(from, TOP - 6, Math.max(2, x(r.completedAt()) - from), bottom - TOP + 6, "#fef7e0",
                    "recovery: " + seconds(r.latency()));
        });
    }

    private void drawPhases(List<Operation> phases) {
        text(8, TOP + 26, "scenario", "font-weight=\"bold\"");
        for (Operation p : phases) {
            double from = x(p.invokedAt());
            double width = Math.max(2, x(p.completedAt()) - from);
            String fill = p.result() == Result.OK ? "#e8eaed" : "#f6aea9";
            rect(from, TOP + 8, width, 26, fill, p.op() + " " + seconds(p.latency()) + (p.detail() == null ? "" : ": " + p.detail()));
            if (width > 40) {
                text(from + 4, TOP + 25, p.op(), "");
            }
        }
    }

    private void drawProbe(History probe, int y) {
        text(8, y + 26, probe.probe(), "font-weight=\"bold\"");
        List<Operation> ops = probe.operations();
        for (Operation o : ops) {
            String color = switch (o.result()) {
                case OK -> OK;
                case FAIL -> FAIL;
                case UNKNOWN -> UNKNOWN;
            };
            double from = x(o.invokedAt());
            rect(from, y + 10, Math.max(1.2, x(o.completedAt()) - from), 22, color, null);
        }
        Pace pace = paces.get(probe.probe());
        if (pace == null) {
            return;
        }
        Outages.worst(ops, pace.op(), pace.clients()).ifPresent(worst -> {
            double from = x(worst.start());
            double to = x(worst.end());
            int yy = y + 38;
            svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d v4 H%.1f v-4\" stroke=\"black\" fill=\"none\"/>%n", from, yy, to));
            String client = worst.client().isEmpty() ? "" : " (" + worst.client() + ")";
            text(from, yy + 16, "longest outage " + seconds(worst.length()) + client + (worst.ended() ? "" : " (never ended)")
                    + ", " + worst.failedOperations() + " failed", "");
        });
    }

    private void axis(Instant t1, int bottom) {
        long total = Duration.between(t0, t1).toMillis();
        long step = total > 120_000 ? 30_000 : total > 40_000 ? 10_000 : 5_000;
        for (long ms = 0; ms <= total; ms += step) {
            double xx = LEFT + ms * msWidth;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dadce0\"/>%n", xx, TOP, xx, bottom));
            text(xx - 8, bottom + 16, (ms / 1000) + " s", "fill=\"#5f6368\"");
        }
    }

    private void legend(int y) {
        List<String[]> items = new ArrayList<>(List.of(new String[] {OK, "ok"}, new String[] {FAIL, "failed"},
                new String[] {UNKNOWN, "unknown (no answer)"}, new String[] {"#fce8e6", "fault in effect"},
                new String[] {"#fef7e0", "recovering"}));
        int xx = LEFT;
        for (String[] item : items) {
            rect(xx, y - 10, 12, 12, item[0], null);
            text(xx + 16, y, item[1], "");
            xx += 30 + item[1].length() * 7;
        }
    }

    private double x(Instant t) {
        return LEFT + Duration.between(t0, t).toMillis() * msWidth;
    }

    private void rect(double x, double y, double w, double h, String fill, String tooltip) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"", x, y, w, h, fill));
        if (tooltip == null) {
            svg.append("/>\n");
        } else {
            svg.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        }
    }

    private void text(double x, double y, String text, String attributes) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, attributes))
                .append(escape(text)).append("</text>\n");
    }

    private static Optional<Operation> find(List<Operation> ops, String op) {
        return ops.stream().filter(o -> o.op().equals(op)).reduce((a, b) -> b);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    /** Text and attribute values as XML holds them; characters XML 1.0 cannot hold are dropped. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

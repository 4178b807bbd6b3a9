package dev.hagate.report;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.hagate.check.CheckResult;
import dev.hagate.check.Clients;
import dev.hagate.check.RecordGaps.Pace;
import dev.hagate.history.History;
import dev.hagate.history.Operation;
import dev.hagate.history.Result;
import dev.hagate.scenario.Plan;
import dev.hagate.scenario.RunResult;
import dev.hagate.scenario.Scenario;
import dev.hagate.scenario.ScenarioResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A finished run written to disk as the runner writes one: a scenario with its phases, a probe's writes and a log. */
public final class SampleRun {

    public static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    /** How its one probe recorded: writes at 20/s, one client. */
    public static final Map<String, Pace> PACES = Map.of("sql-writer", new Pace("write", 20, Duration.ofSeconds(2), Clients.ONE));

    private SampleRun() {}

    /** @param outage how long the probe's writes failed after the fault */
    public static RunResult write(Path runDir, String runId, Duration outage, boolean passed) throws Exception {
        Path scenarioDir = runDir.resolve("kill-galera-node");
        try (History phases = History.open(scenarioDir, "scenario"); History writes = History.open(scenarioDir, "sql-writer")) {
            phase(phases, "warmup", 0, 5_000, "5s");
            phase(phases, "fault", 5_000, 5_100, "SIGKILL mariadbd on ctl1");
            phase(phases, "hold", 5_100, 20_100, "15s");
            phase(phases, "recover", 20_100, 24_000, "ctl1 restarted and Synced");
            phase(phases, "cooldown", 24_000, 29_000, "5s");
            for (long id = 1, ms = 0; ms < 29_000; id++, ms += 50) {
                boolean down = ms >= 5_100 && ms < 5_100 + outage.toMillis();
                writes.record(new Operation("sql-writer", "write", T0.plusMillis(ms), T0.plusMillis(ms + 4),
                        down ? Result.FAIL : Result.OK, down ? "refused" : null, LongNode.valueOf(id)));
            }
        }
        java.nio.file.Files.createDirectories(scenarioDir.resolve("logs/ctl1"));
        java.nio.file.Files.writeString(scenarioDir.resolve("logs/ctl1/mariadb.log"), "WSREP: IST received\n");
        CheckResult outageCheck = new CheckResult("max-outage(sql-writer)", outage.toMillis() / 1000.0, 10, "s",
                passed, "longest outage began ...");
        ScenarioResult scenario = new ScenarioResult("kill-galera-node", T0, Duration.ofSeconds(29), "SIGKILL mariadbd on ctl1",
                "ctl1 restarted and Synced", List.of(outageCheck), null, scenarioDir, null, PACES);
        return new RunResult(runId, T0, Duration.ofSeconds(80), Map.of("project", "hagate-deployment", "commit", "abc123"),
                "embedded", "gate", Map.of(), List.of(scenario), null, null);
    }

    public static Plan plan() {
        Scenario kill = new Scenario(Path.of("kill-galera-node.yaml"), "kill-galera-node", "", new Scenario.FaultSpec("kill-galera-node", "writer", null),
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5), List.of(), List.of());
        return new Plan("gate", "", List.of(kill));
    }

    private static void phase(History h, String op, long from, long to, String detail) {
        h.record(new Operation("scenario", op, T0.plusMillis(from), T0.plusMillis(to), Result.OK, detail, null));
    }
}

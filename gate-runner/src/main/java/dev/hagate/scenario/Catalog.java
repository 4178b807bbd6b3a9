package dev.hagate.scenario;

import dev.hagate.check.Check;
import dev.hagate.check.Clients;
import dev.hagate.check.DeadlocksCheck;
import dev.hagate.check.DuplicateGatewayCheck;
import dev.hagate.check.DuplicatesCheck;
import dev.hagate.check.FailureRateCheck;
import dev.hagate.check.GatewayMovesCheck;
import dev.hagate.check.HealthCheck;
import dev.hagate.check.LatencyCheck;
import dev.hagate.check.LostWritesCheck;
import dev.hagate.check.MaxOutageCheck;
import dev.hagate.check.Phases;
import dev.hagate.check.RecordGaps;
import dev.hagate.check.RecoveryTimeCheck;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.RouterGateway;
import dev.hagate.deploy.RabbitCluster;
import dev.hagate.fault.DropL3AgentFault;
import dev.hagate.fault.Fault;
import dev.hagate.fault.KillGaleraNodeFault;
import dev.hagate.fault.NoFault;
import dev.hagate.fault.PartitionFault;
import dev.hagate.fault.PowerOffFault;
import dev.hagate.fault.Targets;
import dev.hagate.history.OperationNames;
import dev.hagate.probe.AmqpProbe;
import dev.hagate.probe.GatewayHoldersProbe;
import dev.hagate.history.History;
import dev.hagate.probe.KeystoneTokenProbe;
import dev.hagate.fault.FaultKind;
import dev.hagate.fault.FaultKinds;
import dev.hagate.probe.Probe;
import dev.hagate.probe.ProbeKind;
import dev.hagate.probe.ProbeKinds;
import dev.hagate.probe.SqlContentionProbe;
import dev.hagate.probe.SqlWriteProbe;
import dev.hagate.scenario.Scenario.CheckSpec;
import dev.hagate.scenario.Scenario.FaultSpec;
import dev.hagate.scenario.Scenario.ProbeSpec;
import dev.hagate.yaml.DurationDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of check a scenario file may name, and where a scenario's faults, probes and checks become
 * objects. Faults and probes declare themselves beside their classes ({@link FaultKinds}, {@link ProbeKinds});
 * the loader validates against those declarations and this, the runner builds through them.
 */
final class Catalog {

    /**
     * The probes that repeat an operation that succeeds or fails (gateway-holders only samples): the ones an
     * outage, a share of failures and a latency can be measured on.
     */
    static final List<String> OPERATION_PROBES = ProbeKinds.all().stream().filter(k -> !k.samples()).map(ProbeKind::name).toList();
    /** A share of failures as written in a scenario file: {@code 5%}, {@code 0.5%}. */
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3})?)%");

    /** What a check's {@code limit} is, and whether (and which) probe's history it reads. */
    enum CheckKind {
        MAX_OUTAGE("max-outage", OPERATION_PROBES, Limit.DURATION),
        LOST_WRITES("lost-writes", List.of(SqlWriteProbe.NAME), Limit.COUNT),
        LOST_MESSAGES("lost-messages", List.of(AmqpProbe.NAME), Limit.COUNT),
        DUPLICATES("duplicates", List.of(AmqpProbe.NAME), Limit.COUNT),
        DEADLOCKS("deadlocks", List.of(SqlContentionProbe.NAME), Limit.COUNT),
        RECOVERY_TIME("recovery-time", List.of(), Limit.DURATION),
        HEALTHY_AFTER("healthy-after", List.of(), Limit.COUNT),
        DUPLICATE_GATEWAY("duplicate-gateway", List.of(GatewayHoldersProbe.NAME), Limit.DURATION),
        GATEWAY_MOVES("gateway-moves", List.of(GatewayHoldersProbe.NAME), Limit.COUNT),
        FAILURE_RATE("failure-rate", OPERATION_PROBES, Limit.PERCENT),
        WARMUP_LATENCY(Phases.WARMUP + "-latency", OPERATION_PROBES, Limit.DURATION),
        COOLDOWN_LATENCY(Phases.COOLDOWN + "-latency", OPERATION_PROBES, Limit.DURATION);

        /** What a limit is written as. */
        enum Limit { DURATION, COUNT, PERCENT }

        final String id;
        /** The probes whose history it can read; empty when it reads the scenario's own. */
        final List<String> probes;
        final boolean needsProbe;
        final Limit limit;

        CheckKind(String id, List<String> probes, Limit limit) {
            this.id = id;
            this.probes = probes;
            this.needsProbe = !probes.isEmpty();
            this.limit = limit;
        }

        static CheckKind of(String id) {
            for (CheckKind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            return null;
        }

        static List<String> ids() {
            return java.util.Arrays.stream(values()).map(k -> k.id).toList();
        }

        String expectedLimit() {
            return switch (limit) {
                case DURATION -> "a duration such as 500ms, 15s or 2m";
                case COUNT -> "a whole number, 0 or more";
                case PERCENT -> "a share of operations from 0% to 100%, such as 5% or 0.5%";
            };
        }
    }

    private Catalog() {}

    /** The fault {@code spec} names; the loader has checked that its kind exists. */
    static Fault fault(FaultSpec spec, Cloud cloud) {
        return faultKind(spec.kind()).build(cloud, spec.target(), spec.port());
    }

    static FaultKind faultKind(String name) {
        return FaultKinds.find(name).orElseThrow(() -> new IllegalArgumentException("unknown fault kind " + name));
    }

    static ProbeKind probeKind(String name) {
        return ProbeKinds.find(name).orElseThrow(() -> new IllegalArgumentException("unknown probe kind " + name));
    }

    /** How the probe of {@code spec} should record: what its record's gaps are judged against. */
    static RecordGaps.Pace pace(ProbeSpec spec) {
        ProbeKind kind = probeKind(spec.kind());
        return new RecordGaps.Pace(kind.operation(), kind.rate(spec.rate()), kind.operationTimeout(), clients(spec.kind()));
    }

    private static Clients clients(String probe) {
        return new Clients(probeKind(probe).clients());
    }

    static Probe probe(ProbeSpec spec, Cloud cloud, History history) {
        return probeKind(spec.kind()).build(cloud, spec.rate(), history);
    }

    /** The check {@code spec} of {@code scenario} (which gives a share of failures the outage it allows). */
    static Check check(CheckSpec spec, Scenario scenario) {
        CheckKind kind = CheckKind.of(spec.kind());
        String op = spec.probe() == null ? null : probeKind(spec.probe()).operation();
        return switch (kind) {
            case MAX_OUTAGE -> new MaxOutageCheck(spec.probe(), op, duration(spec.limit()), clients(spec.probe()));
            case FAILURE_RATE -> new FailureRateCheck(spec.probe(), op, allowedOutage(scenario, spec.probe()), percent(spec.limit()));
            case WARMUP_LATENCY -> new LatencyCheck(spec.probe(), op, Phases.WARMUP, duration(spec.limit()));
            case COOLDOWN_LATENCY -> new LatencyCheck(spec.probe(), op, Phases.COOLDOWN, duration(spec.limit()));
            case LOST_WRITES -> new LostWritesCheck(spec.probe(), count(spec.limit()));
            case LOST_MESSAGES -> new LostWritesCheck(kind.id, spec.probe(), op, count(spec.limit()));
            case DUPLICATES -> new DuplicatesCheck(spec.probe(), count(spec.limit()));
            case DEADLOCKS -> new DeadlocksCheck(spec.probe(), count(spec.limit()));
            case RECOVERY_TIME -> new RecoveryTimeCheck(duration(spec.limit()));
            case HEALTHY_AFTER -> new HealthCheck(count(spec.limit()));
            case DUPLICATE_GATEWAY -> new DuplicateGatewayCheck(spec.probe(), duration(spec.limit()));
            case GATEWAY_MOVES -> new GatewayMovesCheck(spec.probe(), count(spec.limit()));
        };
    }

    /** The outage {@code scenario} allows {@code probe}: its {@code max-outage} limit, or none. */
    private static Duration allowedOutage(Scenario scenario, String probe) {
        return scenario.checks().stream().filter(c -> c.kind().equals(CheckKind.MAX_OUTAGE.id) && probe.equals(c.probe()))
                .map(c -> duration(c.limit())).findFirst().orElse(Duration.ZERO);
    }

    /** Whether {@code limit} is valid for {@code kind}. */
    static boolean validLimit(CheckKind kind, Object limit) {
        return switch (kind.limit) {
            case DURATION -> limit instanceof String s && DurationDeserializer.parse(s) != null;
            case COUNT -> (limit instanceof Integer || limit instanceof Long) && ((Number) limit).longValue() >= 0;
            case PERCENT -> limit instanceof String s && PERCENT.matcher(s).matches() && percent(s) <= 100;
        };
    }

    private static double percent(Object limit) {
        Matcher m = PERCENT.matcher((String) limit);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a share: " + limit);
        }
        return Double.parseDouble(m.group(1));
    }

    private static Duration duration(Object limit) {
        return DurationDeserializer.parse((String) limit);
    }

    private static long count(Object limit) {
        return ((Number) limit).longValue();
    }
}

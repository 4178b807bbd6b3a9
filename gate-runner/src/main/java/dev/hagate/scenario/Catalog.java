package dev.hagate.scenario;

import dev.hagate.check.Check;
import dev.hagate.check.Clients;
import dev.hagate.check.DeadlocksCheck;
import dev.hagate.check.DuplicatesCheck;
import dev.hagate.check.FailureRateCheck;
import dev.hagate.check.HealthCheck;
import dev.hagate.check.DuplicateGatewayCheck;
import dev.hagate.check.GatewayMovesCheck;
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
import dev.hagate.probe.Probe;
import dev.hagate.probe.RouterPingProbe;
import dev.hagate.probe.SqlContentionProbe;
import dev.hagate.probe.SqlWriteProbe;
import dev.hagate.scenario.Scenario.CheckSpec;
import dev.hagate.topology.Service;
import dev.hagate.scenario.Scenario.FaultSpec;
import dev.hagate.scenario.Scenario.ProbeSpec;
import dev.hagate.yaml.DurationDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the kinds a scenario file may name become objects: faults, probes and checks.
 * The loader validates against it, the runner builds from it.
 */
final class Catalog {

    static final List<String> FAULTS = List.of(KillGaleraNodeFault.KIND, PowerOffFault.KIND, PartitionFault.KIND, NoFault.KIND,
            DropL3AgentFault.KIND, DropL3AgentFault.HOST_UP_KIND);
    /** The faults that take a {@code port}. */
    static final List<String> FAULTS_WITH_PORT = List.of(PartitionFault.KIND);
    /** The service a fault breaks: its target must be a node running it. Faults not listed hit any node. */
    static final Map<String, Service> FAULT_SERVICE = Map.of(KillGaleraNodeFault.KIND, Service.GALERA,
            DropL3AgentFault.KIND, Service.L3_ROUTER, DropL3AgentFault.HOST_UP_KIND, Service.L3_ROUTER);
    static final List<String> PROBES = List.of(SqlWriteProbe.NAME, AmqpProbe.NAME, KeystoneTokenProbe.NAME, SqlContentionProbe.NAME,
            RouterPingProbe.NAME, GatewayHoldersProbe.NAME);
    /** Operations per second when a scenario gives no rate: a token pair costs more than an insert. */
    private static final Map<String, Double> DEFAULT_RATE = Map.of(SqlWriteProbe.NAME, 20.0, AmqpProbe.NAME, 20.0,
            KeystoneTokenProbe.NAME, 5.0, SqlContentionProbe.NAME, 20.0, RouterPingProbe.NAME, 20.0, GatewayHoldersProbe.NAME, 5.0);
    /** The service each probe uses: a scenario may only name probes its topology's nodes can serve. */
    static final Map<String, Service> PROBE_SERVICE = Map.of(SqlWriteProbe.NAME, Service.GALERA, AmqpProbe.NAME, Service.RABBITMQ,
            KeystoneTokenProbe.NAME, Service.KEYSTONE, SqlContentionProbe.NAME, Service.GALERA,
            RouterPingProbe.NAME, Service.L3_ROUTER, GatewayHoldersProbe.NAME, Service.L3_ROUTER);
    /** Which operation kind each probe repeats: what an outage is measured on. */
    private static final Map<String, String> PROBE_OPERATION = Map.of(SqlWriteProbe.NAME, OperationNames.WRITE,
            AmqpProbe.NAME, OperationNames.PUBLISH, KeystoneTokenProbe.NAME, OperationNames.TOKEN,
            SqlContentionProbe.NAME, OperationNames.TXN, RouterPingProbe.NAME, OperationNames.PING);
    /**
     * The probes that repeat an operation that succeeds or fails (gateway-holders only samples): the ones an
     * outage, a share of failures and a latency can be measured on.
     */
    static final List<String> OPERATION_PROBES = PROBES.stream().filter(PROBE_OPERATION::containsKey).toList();
    /** The longest one operation of each probe can take, by its client's own timeouts. */
    private static final Map<String, Duration> PROBE_TIMEOUT = Map.of(SqlWriteProbe.NAME, SqlWriteProbe.OPERATION_TIMEOUT,
            AmqpProbe.NAME, AmqpProbe.OPERATION_TIMEOUT, KeystoneTokenProbe.NAME, KeystoneTokenProbe.OPERATION_TIMEOUT,
            SqlContentionProbe.NAME, SqlContentionProbe.OPERATION_TIMEOUT, RouterPingProbe.NAME, RouterPingProbe.OPERATION_TIMEOUT,
            GatewayHoldersProbe.NAME, GatewayHoldersProbe.OPERATION_TIMEOUT);
    /** A share of failures as written in a scenario file: {@code 5%}, {@code 0.5%}. */
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3})?)%");
    /** The router's faults hit "whichever router is master right now"; the others, the node in a role of {@link Targets}. */
    private static final List<String> ROUTER_FAULTS = List.of(DropL3AgentFault.KIND, DropL3AgentFault.HOST_UP_KIND);

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

    /** The words a fault of {@code kind} takes as {@code target} for "whichever node plays the part right now". */
    static List<String> targetRoles(String kind) {
        return ROUTER_FAULTS.contains(kind) ? List.of(DropL3AgentFault.MASTER) : Targets.ROLES;
    }

    private Catalog() {}

    static Fault fault(FaultSpec spec, Cloud cloud) {
        return switch (spec.kind()) {
            case KillGaleraNodeFault.KIND -> new KillGaleraNodeFault(cloud, spec.target() == null ? Targets.WRITER : spec.target());
            case PowerOffFault.KIND -> new PowerOffFault(cloud, spec.target() == null ? Targets.VIP_HOLDER : spec.target());
            case PartitionFault.KIND -> new PartitionFault(cloud, spec.target() == null ? Targets.WRITER : spec.target(),
                    spec.port());
            case NoFault.KIND -> new NoFault();
            case DropL3AgentFault.KIND, DropL3AgentFault.HOST_UP_KIND -> new DropL3AgentFault(cloud,
                    spec.target() == null ? DropL3AgentFault.MASTER : spec.target(), spec.kind().equals(DropL3AgentFault.KIND));
            default -> throw new IllegalArgumentException("unknown fault kind " + spec.kind());
        };
    }

    /** Operations per second: the scenario's, or the probe's default. */
    private static double rate(ProbeSpec spec) {
        return spec.rate() == null ? DEFAULT_RATE.get(spec.kind()) : spec.rate();
    }

    /** How the probe of {@code spec} should record: what its record's gaps are judged against. */
    static RecordGaps.Pace pace(ProbeSpec spec) {
        String op = spec.kind().equals(GatewayHoldersProbe.NAME) ? GatewayHoldersProbe.OP : PROBE_OPERATION.get(spec.kind());
        return new RecordGaps.Pace(op, rate(spec), PROBE_TIMEOUT.get(spec.kind()), clients(spec.kind()));
    }

    private static Clients clients(String probe) {
        return probe.equals(SqlContentionProbe.NAME) ? new Clients(SqlContentionProbe.CLIENTS) : Clients.ONE;
    }

    static Probe probe(ProbeSpec spec, Cloud cloud, History history) {
        double rate = rate(spec);
        Cloud.Database db = cloud.database();
        return switch (spec.kind()) {
            case SqlWriteProbe.NAME -> new SqlWriteProbe(cloud.vip(), Cloud.MYSQL_PORT, db.name(), db.user(), db.password(),
                    rate, history);
            case AmqpProbe.NAME -> new AmqpProbe(cloud.messagingAddresses(), RabbitCluster.AMQP_PORT, cloud.messaging().user(),
                    cloud.messaging().password(), rate, history);
            case KeystoneTokenProbe.NAME -> new KeystoneTokenProbe(cloud.keystone(), rate, history);
            case SqlContentionProbe.NAME -> new SqlContentionProbe(cloud.vip(), Cloud.MYSQL_PORT, db.name(), db.user(),
                    db.password(), rate, history);
            case RouterPingProbe.NAME -> new RouterPingProbe(new RouterGateway(cloud.lab()).floatingIp(), rate, history);
            case GatewayHoldersProbe.NAME -> new GatewayHoldersProbe(new RouterGateway(cloud.lab()), rate, history);
            default -> throw new IllegalArgumentException("unknown probe kind " + spec.kind());
        };
    }

    /** The check {@code spec} of {@code scenario} (which gives a share of failures the outage it allows). */
    static Check check(CheckSpec spec, Scenario scenario) {
        CheckKind kind = CheckKind.of(spec.kind());
        String op = spec.probe() == null ? null : PROBE_OPERATION.get(spec.probe());
        return switch (kind) {
            case MAX_OUTAGE -> new MaxOutageCheck(spec.probe(), op, duration(spec.limit()), clients(spec.probe()));
            case FAILURE_RATE -> new FailureRateCheck(spec.probe(), op, allowedOutage(scenario, spec.probe()), percent(spec.limit()));
            case WARMUP_LATENCY -> new LatencyCheck(spec.probe(), op, Phases.WARMUP, duration(spec.limit()));
            case COOLDOWN_LATENCY -> new LatencyCheck(spec.probe(), op, Phases.COOLDOWN, duration(spec.limit()));
            case LOST_WRITES -> new LostWritesCheck(spec.probe(), count(spec.limit()));
            case LOST_MESSAGES -> new LostWritesCheck(kind.id, spec.probe(), PROBE_OPERATION.get(spec.probe()), count(spec.limit()));
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

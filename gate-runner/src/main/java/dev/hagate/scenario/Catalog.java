package dev.hagate.scenario;

import dev.hagate.check.Check;
import dev.hagate.check.DuplicateGatewayCheck;
import dev.hagate.check.GatewayMovesCheck;
import dev.hagate.check.LostWritesCheck;
import dev.hagate.check.MaxOutageCheck;
import dev.hagate.check.RecoveryTimeCheck;
import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.L3RouterPair;
import dev.hagate.fault.DropL3AgentFault;
import dev.hagate.fault.Fault;
import dev.hagate.fault.KillGaleraNodeFault;
import dev.hagate.probe.GatewayHoldersProbe;
import dev.hagate.probe.History;
import dev.hagate.probe.Probe;
import dev.hagate.probe.RouterPingProbe;
import dev.hagate.probe.SqlWriteProbe;
import dev.hagate.scenario.Scenario.CheckSpec;
import dev.hagate.scenario.Scenario.FaultSpec;
import dev.hagate.scenario.Scenario.ProbeSpec;
import dev.hagate.yaml.DurationDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one place where the kinds a scenario file may name become objects: faults, probes and checks.
 * The loader validates against it, the runner builds from it.
 */
final class Catalog {

    static final List<String> FAULTS = List.of(KillGaleraNodeFault.KIND, DropL3AgentFault.KIND, DropL3AgentFault.HOST_UP_KIND);
    static final List<String> PROBES = List.of(SqlWriteProbe.NAME, RouterPingProbe.NAME, GatewayHoldersProbe.NAME);
    /** The word each fault kind takes as {@code target} for "whichever node plays the part right now". */
    static final Map<String, String> TARGET_ROLES = Map.of(KillGaleraNodeFault.KIND, KillGaleraNodeFault.WRITER,
            DropL3AgentFault.KIND, DropL3AgentFault.MASTER, DropL3AgentFault.HOST_UP_KIND, DropL3AgentFault.MASTER);
    static final double DEFAULT_RATE = 20;

    /** What a check's {@code limit} is, and whether the check reads one probe's history. */
    enum CheckKind {
        MAX_OUTAGE("max-outage", true, true),
        LOST_WRITES("lost-writes", true, false),
        RECOVERY_TIME("recovery-time", false, true),
        DUPLICATE_GATEWAY("duplicate-gateway", true, true),
        GATEWAY_MOVES("gateway-moves", true, false);

        final String id;
        final boolean needsProbe;
        final boolean durationLimit;

        CheckKind(String id, boolean needsProbe, boolean durationLimit) {
            this.id = id;
            this.needsProbe = needsProbe;
            this.durationLimit = durationLimit;
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
            return durationLimit ? "a duration such as 500ms, 15s or 2m" : "a whole number, 0 or more";
        }
    }

    /** Which operation kind each probe repeats: what an outage is measured on. */
    private static final Map<String, String> PROBE_OPERATION = Map.of(SqlWriteProbe.NAME, "write", RouterPingProbe.NAME, "ping");

    private Catalog() {}

    static Fault fault(FaultSpec spec, Cloud cloud) {
        return switch (spec.kind()) {
            case KillGaleraNodeFault.KIND -> new KillGaleraNodeFault(cloud,
                    spec.target() == null ? KillGaleraNodeFault.WRITER : spec.target());
            case DropL3AgentFault.KIND, DropL3AgentFault.HOST_UP_KIND -> new DropL3AgentFault(cloud,
                    spec.target() == null ? DropL3AgentFault.MASTER : spec.target(), spec.kind().equals(DropL3AgentFault.KIND));
            default -> throw new IllegalArgumentException("unknown fault kind " + spec.kind());
        };
    }

    static Probe probe(ProbeSpec spec, Cloud cloud, History history) {
        double rate = spec.rate() == null ? DEFAULT_RATE : spec.rate();
        return switch (spec.kind()) {
            case SqlWriteProbe.NAME -> new SqlWriteProbe(cloud.vip(), Cloud.MYSQL_PORT, cloud.database().name(),
                    cloud.database().user(), cloud.database().password(), rate, history);
            case RouterPingProbe.NAME -> new RouterPingProbe(new L3RouterPair(cloud.lab()).floatingIp(), rate, history);
            case GatewayHoldersProbe.NAME -> new GatewayHoldersProbe(new L3RouterPair(cloud.lab()), rate, history);
            default -> throw new IllegalArgumentException("unknown probe kind " + spec.kind());
        };
    }

    static Check check(CheckSpec spec) {
        CheckKind kind = CheckKind.of(spec.kind());
        return switch (kind) {
            case MAX_OUTAGE -> new MaxOutageCheck(spec.probe(), PROBE_OPERATION.get(spec.probe()), duration(spec.limit()));
            case LOST_WRITES -> new LostWritesCheck(spec.probe(), ((Number) spec.limit()).longValue());
            case RECOVERY_TIME -> new RecoveryTimeCheck(duration(spec.limit()));
            case DUPLICATE_GATEWAY -> new DuplicateGatewayCheck(spec.probe(), duration(spec.limit()));
            case GATEWAY_MOVES -> new GatewayMovesCheck(spec.probe(), ((Number) spec.limit()).longValue());
        };
    }

    /** Whether {@code limit} is valid for {@code kind}. */
    static boolean validLimit(CheckKind kind, Object limit) {
        if (kind.durationLimit) {
            return limit instanceof String s && DurationDeserializer.parse(s) != null;
        }
        return (limit instanceof Integer || limit instanceof Long) && ((Number) limit).longValue() >= 0;
    }

    private static Duration duration(Object limit) {
        return DurationDeserializer.parse((String) limit);
    }
}

package dev.hagate.fault;

import dev.hagate.deploy.Cloud;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.util.List;
import java.util.Optional;

/**
 * One kind of fault as a scenario file names it, declared beside the fault's class: its name, the words it
 * takes as {@code target} besides a node's name (and how each is chosen at run time), the target it hits
 * when none is given, whether it takes a {@code port}, the service its target must run, and how it is built.
 * {@link FaultKinds} finds every kind; the scenario loader validates against these declarations and the
 * runner builds through them.
 *
 * @param roles         the words meaning "whichever node plays this part right now", in the order messages list them
 * @param defaultTarget the target when the scenario gives none; null for a fault that hits no node
 * @param takesPort     whether the fault takes a {@code port}
 * @param service       the service its target must run; null when any node will do
 */
public record FaultKind(String name, List<TargetRole> roles, String defaultTarget, boolean takesPort, Service service,
                        Builder builder) {

    /** How a fault of this kind is made for one scenario. */
    @FunctionalInterface
    public interface Builder {
        /**
         * @param target the scenario's target, or the kind's default
         * @param port   the scenario's port; null when it gives none
         */
        Fault build(Cloud cloud, String target, Integer port);
    }

    /**
     * A word a scenario may name as target for "the node playing this part right now".
     *
     * @param howChosen what the node is, for a reader: "the node HAProxy sends writes to"
     * @param among     the service whose nodes it is chosen from
     */
    public record TargetRole(String word, String howChosen, Service among) {}

    public FaultKind {
        roles = List.copyOf(roles);
    }

    /** The fault a scenario asks for, with this kind's default target when it names none. */
    public Fault build(Cloud cloud, String target, Integer port) {
        return builder.build(cloud, target == null ? defaultTarget : target, port);
    }

    /** The words this kind takes as target besides a node's name. */
    public List<String> roleWords() {
        return roles.stream().map(TargetRole::word).toList();
    }

    /**
     * Which node {@code target} (null: the default) resolves to on {@code topology}, or how it will be chosen
     * at run time, for a reader: {@code hits node ctl2}, or {@code hits writer, chosen at run time: the node
     * HAProxy sends writes to, asked through the VIP (one of ctl1, ctl2, ctl3)}, or {@code hits no node}.
     */
    public String describeTarget(String target, Topology topology) {
        String wanted = target == null ? defaultTarget : target;
        if (wanted == null) {
            return "hits no node";
        }
        Optional<TargetRole> role = roles.stream().filter(r -> r.word().equals(wanted)).findFirst();
        if (role.isEmpty()) {
            return "hits node " + wanted;
        }
        List<String> candidates = topology.nodesRunning(role.get().among()).stream().map(NodeSpec::name).toList();
        return "hits " + wanted + ", chosen at run time: " + role.get().howChosen()
                + (candidates.isEmpty() ? "" : " (one of " + String.join(", ", candidates) + ")");
    }
}

package dev.hagate.lab;

import dev.hagate.topology.LabFields;
import dev.hagate.topology.Topology;
import dev.hagate.topology.Topology.NodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab of machines that exist already: nothing is built or removed. Each node is reached over SSH with the
 * key, user and known_hosts its topology names, and powered by its BMC over IPMI ({@link IpmiPower}).
 * Services run under {@link PidfileServiceControl}, as on the embedded lab.
 */
public final class BareMetalLab extends SshLab {

    /** Machines that exist already: building one only checks that every node answers. */
    public static final LabKind DECLARATION = new LabKind(LabFields.BAREMETAL, (topology, dir) -> up(topology),
            (topology, dir) -> attach(topology));

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private BareMetalLab(Topology topology) {
        super(topology);
        for (NodeSpec node : topology.nodes()) {
            connect(node.name(), new SshNodeShell(node.name(), node.ssh().user(), node.address(), node.ssh().port(),
                    Path.of(node.ssh().key()), Path.of(node.ssh().knownHosts())));
            powerWith(node.name(), new IpmiPower(node.name(), node.bmc().address(), node.bmc().port(), node.bmc().user(),
                    Path.of(node.bmc().passwordFile()), node.bmc().cipherSuite()));
        }
    }

    /**
     * Connects to every node and checks that each answers over SSH.
     *
     * @throws LabException naming every node that does not
     */
    public static BareMetalLab up(Topology topology) {
        BareMetalLab lab = attach(topology);
        List<String> failures = new ArrayList<>();
        for (NodeSpec node : topology.nodes()) {
            try {
                lab.shell(node.name()).run("true", ANSWER_TIMEOUT);
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            lab.close();
            throw new LabException("bare-metal lab '" + topology.name() + "': " + String.join("; ", failures));
        }
        return lab;
    }

    /** Connects lazily: nothing is contacted until a node is used. */
    public static BareMetalLab attach(Topology topology) {
        return new BareMetalLab(topology);
    }
}

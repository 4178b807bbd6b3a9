package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A git repository of Neutron made from Debian's packaged source in the default node image, the Neutron the
 * lab's nodes run (no git host is reachable from the lab), with two commits: the package as it is, and on top
 * of it a change whose L3 agent no longer tells the servers when one of its HA routers changes state.
 * keepalived still elects a master, but Neutron keeps the router standby everywhere and binds its gateway
 * and interface ports to no host (they are bound to the host reported active), so nothing crosses it.
 *
 * @param base the commit of the packaged Neutron; the gate must vote +1 on it
 * @param bad  the commit whose agent does not report state changes; the gate must vote -1 on it
 */
record NeutronRepository(Path path, String base, String bad) {

    static NeutronRepository create(Path dir) throws Exception {
        Path repo = Hagate.packagedRepository(dir, "neutron");
        String base = Hagate.git(repo, "rev-parse", "HEAD").trim();

        Path ha = repo.resolve("neutron/agent/l3/ha.py");
        String source = Files.readString(ha);
        String report = "        self._update_radvd_daemon(ri, state)\n        self.state_change_notifier.queue_event((router_id, state))\n";
        assertThat(source).as("the agent reports each transition of a router").contains(report);
        Files.writeString(ha, source.replace(report, "        self._update_radvd_daemon(ri, state)\n"));
        Hagate.git(repo, "commit", "-q", "-a", "-m", "Do not queue a state report on each keepalived transition");
        return new NeutronRepository(repo, base, Hagate.git(repo, "rev-parse", "HEAD").trim());
    }
}

package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.TestFiles;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology;
import dev.hagate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {

    private final Topology embedded = TopologyLoader.load(TestFiles.repository().resolve("lab-topology/embedded.yaml"));
    private final Secrets secrets = Secrets.generate();
    private final Templates templates = new Templates(embedded, secrets);

    @Test
    void haproxySendsEveryClientToOneWriterWithTheOthersAsCheckedBackups() {
        String cfg = templates.render("haproxy.cfg", embedded.nodes().get(1), Service.HAPROXY);
        assertThat(cfg).contains("bind 10.77.0.10:3306")
                .contains("  server ctl1 10.77.0.11:3306 check\n")
                .contains("  server ctl2 10.77.0.12:3306 check backup\n")
                .contains("  server ctl3 10.77.0.13:3306 check backup\n");
    }

    @Test
    void galeraKnowsEveryMemberAndItsOwnAddress() {
        String cnf = templates.render("galera.cnf", embedded.nodes().get(2), Service.GALERA);
        assertThat(cnf).contains("wsrep_cluster_address = gcomm://10.77.0.11,10.77.0.12,10.77.0.13\n")
                .contains("wsrep_node_address = 10.77.0.13\n").contains("bind-address = 10.77.0.13\n")
                .contains("wsrep_sst_method = mariabackup");
    }

    @Test
    void keepalivedPeersAreTheOtherNodesAndPrioritiesDiffer() {
        String first = templates.render("keepalived.conf", embedded.nodes().get(0), Service.KEEPALIVED);
        String second = templates.render("keepalived.conf", embedded.nodes().get(1), Service.KEEPALIVED);
        assertThat(first).contains("unicast_src_ip 10.77.0.11").contains("    10.77.0.12\n    10.77.0.13\n")
                .doesNotContain("    10.77.0.11\n").contains("10.77.0.10/24 dev eth0").contains("priority 190");
        assertThat(second).contains("priority 180");
    }

    @Test
    void keystoneIsBalancedOverEveryNodeBehindTheVipWithHealthChecks() {
        String cfg = templates.render("haproxy.cfg", embedded.nodes().get(0), Service.HAPROXY);
        assertThat(cfg).contains("bind 10.77.0.10:5000").contains("balance roundrobin")
                .contains("  server ctl1 10.77.0.11:5000 check\n")
                .contains("  server ctl3 10.77.0.13:5000 check\n");
    }

    @Test
    void keystoneUsesTheDatabaseThroughTheVipEveryMemcachedAndEveryRabbitNode() {
        String conf = templates.render("keystone.conf", embedded.nodes().get(1), Service.KEYSTONE);
        assertThat(conf).contains("connection = mysql+pymysql://keystone:" + secrets.get("keystone_database") + "@10.77.0.10/keystone?read_timeout=5")
                .contains("memcache_servers = 10.77.0.11:11211,10.77.0.12:11211,10.77.0.13:11211")
                .contains("rabbit://keystone:" + secrets.get("messaging") + "@10.77.0.11:5672,keystone:")
                .contains("@10.77.0.13:5672/\n").contains("rabbit_quorum_queue = true");
    }

    @Test
    void theReportsGetTheSameFileWithEverySecretMasked() {
        String masked = templates.renderMasked("keystone.conf", embedded.nodes().get(1), Service.KEYSTONE);
        assertThat(masked).doesNotContain(secrets.get("keystone_database")).doesNotContain(secrets.get("messaging"))
                .contains("mysql+pymysql://keystone:" + Templates.MASK + "@10.77.0.10/keystone");
        assertThat(secrets.toString()).doesNotContain(secrets.get("admin")).doesNotContain(secrets.get("erlang_cookie"));
    }

    @Test
    void rabbitNodesAreNamedAfterTheirHostsAndPauseWhenInTheMinority() {
        String env = templates.render("rabbitmq-env.conf", embedded.nodes().get(2), Service.RABBITMQ);
        String conf = templates.render("rabbitmq.conf", embedded.nodes().get(2), Service.RABBITMQ);
        assertThat(env).contains("NODENAME=rabbit@ctl3\n").contains("NODE_IP_ADDRESS=10.77.0.13\n");
        assertThat(conf).contains("cluster_formation.classic_config.nodes.ctl1 = rabbit@ctl1\n")
                .contains("cluster_partition_handling = pause_minority").contains("listeners.tcp.default = 10.77.0.13:5672");
    }

    @Test
    void aTemplateNamingAnUnknownVariableBreaksTheDeploymentInsteadOfRenderingBlank(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("haproxy.cfg"), "bind {{vip}}:{{mysql_port}}\n");
        Topology broken = new Topology(embedded.name(), embedded.lab(), embedded.vip(), embedded.nodes(), embedded.roles(), dir);
        assertThatThrownBy(() -> new Templates(broken, secrets).render("haproxy.cfg", embedded.nodes().get(0), Service.HAPROXY))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("mysql_port");
    }
}

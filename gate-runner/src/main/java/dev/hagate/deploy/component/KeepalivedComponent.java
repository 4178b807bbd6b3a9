package dev.hagate.deploy.component;

import dev.hagate.deploy.Cloud;
import dev.hagate.deploy.DeploymentException;
import dev.hagate.deploy.MariaDbUrl;
import dev.hagate.lab.Lab;
import dev.hagate.lab.ShellWords;
import dev.hagate.topology.Service;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Steady;
import dev.hagate.wait.Wait;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * keepalived on every node running {@code keepalived}, holding the VIP for HAProxy (VRRP, checked through
 * HAProxy's admin socket). Ready when exactly one node holds the VIP, steadily, and the database answers
 * through it.
 */
public final class KeepalivedComponent implements Component {

    static final String CONFIG = "/etc/keepalived/keepalived.conf";
    /** Three VRRP advert intervals of one second each, as the templates set them. */
    public static final Duration VRRP_TAKEOVER = Duration.ofSeconds(3);
    private static final Duration VIP_TIMEOUT = Duration.ofSeconds(30);
    /** The database through the VIP, asked as a probe asks: a short clock. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public Service service() {
        return Service.KEEPALIVED;
    }

    /** It moves the VIP by HAProxy's health, and is ready only when the database answers through it. */
    @Override
    public Set<Service> dependsOn() {
        return Set.of(Service.HAPROXY, Service.GALERA);
    }

    @Override
    public List<String> programs() {
        return List.of("/usr/sbin/keepalived");
    }

    @Override
    public List<String> packages() {
        return List.of("keepalived", "socat");
    }

    @Override
    public List<ConfigFile> configFiles() {
        return List.of(new ConfigFile("keepalived.conf", CONFIG, "0644"),
                new ConfigFile("check-haproxy.sh", "/etc/keepalived/check-haproxy.sh", "0700"));
    }

    @Override
    public void deploy(Deployment deployment) {
        deployment.startEverywhere(service(), "keepalived", node -> {
            deployment.changeStep(node, ShellWords.command("keepalived", "-t", "-f", CONFIG), null, "keepalived rejects its configuration");
            return List.of("/usr/sbin/keepalived", "--dont-fork", "--log-console", "--vrrp", "--use-file=" + CONFIG);
        });
        Lab lab = deployment.lab();
        String vip = lab.topology().vip();
        deployment.progress("waiting for the database through the VIP " + vip);
        long start = System.nanoTime();
        // One holder must stay the only one for as long as a backup needs to declare itself master
        // (three advert intervals): a split brain shows only once every node has timed out.
        Wait.until("keepalived: exactly one holder of the VIP " + vip + ", steady for " + VRRP_TAKEOVER.toSeconds() + " s",
                VIP_TIMEOUT).on(Steady.singleHolder(() -> Cloud.vipHolders(lab, vip), VRRP_TAKEOVER), DeploymentException::new);
        Cloud.Database database = Cloud.Database.of(GaleraComponent.PROBE_ACCOUNT, deployment.secrets());
        String url = MariaDbUrl.of(vip, Cloud.MYSQL_PORT, database.name(), CONNECT_TIMEOUT, SOCKET_TIMEOUT);
        Wait.until("the database through the VIP " + vip, Wait.remaining(start, VIP_TIMEOUT)).on(() -> {
            try (Connection c = DriverManager.getConnection(url, database.user(), database.password())) {
                return c.isValid(2) ? Seen.done(Boolean.TRUE) : Seen.<Boolean>notYet("a connection that is not valid");
            } catch (SQLException e) {
                return Seen.notYet(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }, DeploymentException::new);
    }

    /** A keepalived killed outright leaves the VIP on its interface; the next deployment must find it nowhere. */
    @Override
    public void reset(Lab lab) {
        String vip = lab.topology().vip();
        lab.topology().nodes().parallelStream().forEach(node -> lab.shell(node.name()).run(ShellWords.script(
                "ip -o -4 addr show to \"$1\"/32 | while read -r _ dev _ address _; do ip addr del \"$address\" dev \"$dev\" || true; done",
                vip)));
    }

    @Override
    public Optional<String> awaitWhole(Cloud cloud, Duration timeout, Duration steadyFor) {
        // A second master, a split brain, shows only once a backup has timed out: one look is not enough.
        String holder = Wait.until("exactly one holder of the VIP " + cloud.vip() + ", steady for " + steadyFor.toSeconds() + " s",
                timeout).on(Steady.singleHolder(cloud::vipHolders, steadyFor), DeploymentException::new);
        return Optional.of("VIP on " + holder);
    }
}

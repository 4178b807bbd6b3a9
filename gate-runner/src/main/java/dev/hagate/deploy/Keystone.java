package dev.hagate.deploy;

import dev.hagate.lab.ExecResult;
import dev.hagate.lab.Lab;
import dev.hagate.lab.NodeShell;
import dev.hagate.topology.Service;
import dev.hagate.topology.Topology.NodeSpec;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keystone (Debian's Zed packages, or the source tree of the change under test ahead of them on the Python
 * path) on every Keystone node, served by uWSGI, behind HAProxy on the VIP. It also speaks Keystone's
 * token API, which the deployment, the probes and the health checks share.
 */
public final class Keystone {

    /** The service name Keystone's uWSGI runs under on every node. */
    public static final String SERVICE = "keystone";
    public static final int PORT = 5000;
    public static final String ADMIN = "admin";
    /** Where a change's source tree goes on each node: under /var/lib, which is the node's own. */
    public static final String SOURCE_DIR = "/var/lib/hagate/changes/keystone";
    private static final Duration SERVING_POLL = Duration.ofMillis(500);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The longest one request can take: its connect and its answer, each with its timeout. */
    public static final Duration REQUEST_TIMEOUT = CONNECT_TIMEOUT.plus(HTTP_TIMEOUT);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final List<NodeSpec> nodes;
    private final String vip;
    private final String adminPassword;

    public Keystone(Lab lab, String adminPassword) {
        this.nodes = lab.topology().nodesRunning(Service.KEYSTONE);
        this.vip = lab.topology().vip();
        this.adminPassword = adminPassword;
    }

    public List<NodeSpec> nodes() {
        return nodes;
    }

    /** The public endpoint clients use: the VIP. */
    public String endpoint() {
        return endpoint(vip);
    }

    public static String endpoint(String host) {
        return "http://" + host + ":" + PORT + "/v3";
    }

    public String adminPassword() {
        return adminPassword;
    }

    /**
     * The program Keystone runs as: uWSGI, with the change's source tree (when there is one) ahead of
     * Debian's packaged Keystone on the Python path.
     */
    public static List<String> command(boolean fromChange) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env"));
        if (fromChange) {
            argv.add("PYTHONPATH=" + SOURCE_DIR);
        }
        argv.addAll(List.of("/usr/bin/uwsgi_python3", "--ini", "/etc/keystone/hagate-uwsgi.ini"));
        return argv;
    }

    /** The JSON body of a password authentication of {@code user}, scoped to its project of the same name. */
    public static String passwordAuth(String user, String password) {
        return "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"" + user
                + "\",\"domain\":{\"id\":\"default\"},\"password\":\"" + password + "\"}}},"
                + "\"scope\":{\"project\":{\"name\":\"" + user + "\",\"domain\":{\"id\":\"default\"}}}}}";
    }

    /** What one token request and its validation came to. */
    public record TokenAttempt(boolean ok, String detail) {}

    /**
     * Issues a token as admin at {@code endpoint}, then validates it there: a token is only worth
     * something if the cloud accepts it afterwards.
     */
    public TokenAttempt issueAndValidate(String endpoint) {
        String token;
        try {
            HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/auth/tokens"))
                    .timeout(HTTP_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(passwordAuth(ADMIN, adminPassword))).build(),
                    HttpResponse.BodyHandlers.ofString());
            Optional<String> subject = issued.headers().firstValue("X-Subject-Token");
            if (issued.statusCode() != 201 || subject.isEmpty()) {
                return new TokenAttempt(false, "issue: HTTP " + issued.statusCode() + " " + firstLine(issued.body()));
            }
            token = subject.get();
        } catch (IOException e) {
            return new TokenAttempt(false, "issue: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TokenAttempt(false, "issue: interrupted");
        }
        try {
            HttpResponse<String> validated = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/auth/tokens"))
                    .timeout(HTTP_TIMEOUT).header("X-Auth-Token", token).header("X-Subject-Token", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (validated.statusCode() != 200) {
                return new TokenAttempt(false, "validate: HTTP " + validated.statusCode() + " " + firstLine(validated.body()));
            }
            return new TokenAttempt(true, "issued and validated");
        } catch (IOException e) {
            return new TokenAttempt(false, "validate: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TokenAttempt(false, "validate: interrupted");
        }
    }

    /** Whether {@code node}'s own Keystone answers its version document. */
    public static boolean answers(NodeSpec node) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint(node.address()))).timeout(HTTP_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until every node's Keystone issues and validates a token by itself, then the VIP does.
     *
     * @throws DeploymentException naming what still failed when {@code timeout} passes
     */
    public void awaitServing(Duration timeout) {
        Wait.until("Keystone: tokens from every node and through the VIP", timeout).pollingEvery(SERVING_POLL).on(() -> {
            List<String> failing = new ArrayList<>();
            for (NodeSpec node : nodes) {
                TokenAttempt attempt = issueAndValidate(endpoint(node.address()));
                if (!attempt.ok()) {
                    failing.add(node.name() + ": " + attempt.detail());
                }
            }
            if (failing.isEmpty()) {
                TokenAttempt viaVip = issueAndValidate(endpoint());
                if (viaVip.ok()) {
                    return Seen.done(Boolean.TRUE);
                }
                failing.add("VIP " + vip + ": " + viaVip.detail());
            }
            return Seen.notYet(String.join("; ", failing));
        }, DeploymentException::new);
    }

    /**
     * Waits until every node's own Keystone answers its version document.
     *
     * @throws DeploymentException naming the silent nodes when {@code timeout} passes
     */
    public void awaitAnswering(Duration timeout) {
        Wait.until("Keystone answering on every node", timeout).on(() -> {
            List<String> silent = nodes.stream().filter(n -> !answers(n)).map(NodeSpec::name).toList();
            return silent.isEmpty() ? Seen.done(Boolean.TRUE) : Seen.notYet("silent on " + String.join(", ", silent));
        }, DeploymentException::new);
    }

    /** Which Keystone the node's Python imports: proves the change's tree is the one served. */
    public static String importedFrom(NodeShell shell, boolean fromChange) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env"));
        if (fromChange) {
            argv.add("PYTHONPATH=" + SOURCE_DIR);
        }
        argv.addAll(List.of("/usr/bin/python3", "-c", "import keystone, os; print(os.path.dirname(keystone.__file__))"));
        ExecResult result = shell.exec(argv, null, NodeShell.DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new DeploymentException("Keystone cannot be imported on " + shell.node() + ": " + result.lastErrorLine());
        }
        return result.stdout().trim();
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String firstLine(String body) {
        String line = body == null ? "" : body.lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}

package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.hagate.lab.HostCommand;
import dev.hagate.lab.LabException;
import dev.hagate.yaml.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --change} values: resolved to commits before any lab is built, or rejected saying why. */
class ChangeTest {

    @TempDir
    Path dir;
    private Path repo;
    private String first;
    private String second;

    @BeforeEach
    void aKeystoneRepositoryWithTwoCommits() throws Exception {
        repo = dir.resolve("keystone");
        Files.createDirectories(repo.resolve("keystone"));
        Files.writeString(repo.resolve("keystone/__init__.py"), "");
        git("init", "-q", "-b", "master");
        git("add", "-A");
        git("commit", "-q", "-m", "first");
        first = git("rev-parse", "HEAD").trim();
        Files.writeString(repo.resolve("keystone/__init__.py"), "# second\n");
        git("commit", "-q", "-a", "-m", "second");
        git("tag", "v2");
        second = git("rev-parse", "HEAD").trim();
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t", "-c", "user.email=t@t.invalid"));
        command.addAll(List.of(args));
        var result = HostCommand.exec(command, Duration.ofSeconds(30));
        assertThat(result.ok()).as(result.stderr()).isTrue();
        return result.stdout();
    }

    @Test
    void aRefResolvesToItsCommitAndHeadIsTheDefault() {
        Change tagged = Change.resolve("keystone=" + repo + "@v2", dir);
        assertThat(tagged.project()).isEqualTo(Change.Project.named("keystone"));
        assertThat(tagged.commit()).isEqualTo(second);
        assertThat(Change.resolve("keystone=" + repo, dir).commit()).isEqualTo(second);
        assertThat(Change.resolve("keystone=" + repo + "@" + first.substring(0, 10), dir).commit()).isEqualTo(first);
        assertThat(Change.resolve("keystone=" + repo + "@HEAD~1", dir).commit()).isEqualTo(first);
    }

    @Test
    void gerritAndZuulProjectNamesAreUnderstood() {
        assertThat(Change.resolve("openstack/keystone=" + repo + "@master", dir).project()).isEqualTo(Change.Project.named("keystone"));
    }

    @Test
    void aFileUrlIsClonedAndResolved() {
        Change cloned = Change.resolve("keystone=file://" + repo + "@" + first, dir.resolve("clones"));
        assertThat(cloned.commit()).isEqualTo(first);
        assertThat(cloned.repository()).isEqualTo(dir.resolve("clones/keystone"));
    }

    @Test
    void theCheckoutHoldsTheProjectsTreeAtTheCommit() throws Exception {
        Path tree = Change.resolve("keystone=" + repo + "@" + first, dir).checkout(dir.resolve("trees"));
        assertThat(tree.resolve("keystone/__init__.py")).exists().isEmptyFile();
    }

    @Test
    void everyBadValueIsReportedAtOnceNamingTheValueAndWhatIsWrong() {
        assertThatThrownBy(() -> Change.resolveAll(List.of("nova=" + repo, "keystone=" + dir.resolve("missing") + "@HEAD",
                "keystone=" + repo + "@no-such-branch", "keystone", "hagate=" + repo + "@HEAD"), dir))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems()).containsExactly(
                        "--change nova=...: unknown project 'nova'; expected one of: hagate, keystone, neutron",
                        "--change keystone=" + dir.resolve("missing") + "@HEAD: repository " + dir.resolve("missing") + " does not exist",
                        "--change keystone=" + repo + "@no-such-branch: " + repo + " has no commit 'no-such-branch'",
                        "--change keystone: expected <project>=<git repository path or URL>@<ref>, such as"
                                + " keystone=/src/keystone@refs/changes/45/12345/2",
                        "--change hagate=" + repo + "@HEAD: commit " + second + " has no lab-topology/templates, so it is not a"
                                + " hagate tree"));
    }

    @Test
    void aDirectoryThatIsNotARepositoryAndAProjectGivenTwiceAreRejected() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> Change.resolveAll(List.of("keystone=" + plain, "keystone=" + repo, "keystone=" + repo), dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(plain + " is not a git repository")
                .hasMessageContaining("project 'keystone' is given twice");
    }

    @Test
    void aRefThatGitWouldReadAsAnOptionOrARefspecIsRejectedBeforeGitRuns() {
        for (String ref : List.of("--upload-pack=touch${IFS}pwned", "-h", "refs/x:refs/heads/y", "HEAD:keystone", "a b")) {
            assertThatThrownBy(() -> Change.resolve("keystone=" + repo + "@" + ref, dir)).as(ref)
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("--change keystone=" + repo + "@" + ref + ": expected a branch, tag, SHA or Gerrit ref, without"
                            + " spaces, not starting with '-' and without ':'; got '" + ref + "'");
        }
        assertThat(git("branch", "--list")).as("no branch written into the repository").doesNotContain("y");
        assertThatThrownBy(() -> Change.resolve("keystone=--upload-pack=touch /tmp/pwned@HEAD", dir))
                .isInstanceOf(BadInputException.class).hasMessageContaining("expected a repository path or URL, not starting with '-'");
    }

    @Test
    void aGerritRefIsFetchedFromTheOrigin() throws Exception {
        git("update-ref", "refs/changes/45/12345/2", first);
        Path clone = dir.resolve("work");
        var cloned = HostCommand.exec(List.of("git", "clone", "-q", repo.toString(), clone.toString()), Duration.ofSeconds(30));
        assertThat(cloned.ok()).as(cloned.stderr()).isTrue();
        assertThat(Change.resolve("keystone=" + clone + "@refs/changes/45/12345/2", dir).commit()).isEqualTo(first);
        assertThatThrownBy(() -> Change.resolve("keystone=" + clone + "@refs/changes/45/12345/3", dir))
                .isInstanceOf(BadInputException.class).hasMessageEndingWith("has no commit 'refs/changes/45/12345/3'");
    }

    @Test
    void credentialsInTheUrlReachOnlyTheServerNeverAMessageAReportOrAProcessList() throws Exception {
        try (var server = new AuthenticatingGitServer(bareCopy(), "alice", "p@ss-9f8e7d")) {
            String url = "http://alice:p%40ss-9f8e7d@127.0.0.1:" + server.port() + "/keystone.git";
            Change change = Change.resolve("keystone=" + url + "@" + first, dir.resolve("clones"));
            assertThat(change.commit()).isEqualTo(first);
            assertThat(server.authenticatedRequests()).as("git authenticated with the URL's credentials").isPositive();
            assertThat(server.commandLinesHoldingTheSecret()).as("process command lines during the clone").isEmpty();
            String shown = "http://***@127.0.0.1:" + server.port() + "/keystone.git";
            assertThat(change.location()).isEqualTo(shown);
            assertThat(change.toString()).isEqualTo("keystone " + shown + "@" + first + " = " + first);
            assertThat(Change.describe(List.of(change), repo)).containsEntry("keystone.repository", shown)
                    .allSatisfy((k, v) -> assertThat(v).doesNotContain("9f8e7d"));

            String wrong = "http://alice:wrong-5a4b3c@127.0.0.1:" + server.port() + "/keystone.git";
            assertThatThrownBy(() -> Change.resolve("keystone=" + wrong + "@" + first, dir.resolve("clones")))
                    .as("refused credentials are the value's fault, not the network's").isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("--change keystone=http://***@127.0.0.1:" + server.port() + "/keystone.git@" + first
                            + ": cannot clone http://***@127.0.0.1:")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("5a4b3c"));
        }
    }

    @Test
    void aNetworkFailureWhileFetchingTheChangeIsALabErrorNotBadInput() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://bob:t0ken-1c2d3e@127.0.0.1:" + closed + "/keystone.git";
        assertThatThrownBy(() -> Change.resolve("keystone=" + url + "@master", dir.resolve("clones")))
                .isInstanceOf(LabException.class)
                .hasMessageStartingWith("--change keystone=http://***@127.0.0.1:" + closed + "/keystone.git@master: cannot clone"
                        + " http://***@127.0.0.1:" + closed + "/keystone.git, the network failed: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("1c2d3e"));
    }

    /** A bare copy of the repository, laid out for git's "dumb" HTTP protocol (static files). */
    private Path bareCopy() {
        Path bare = dir.resolve("served/keystone.git");
        var cloned = HostCommand.exec(List.of("git", "clone", "-q", "--bare", repo.toString(), bare.toString()), Duration.ofSeconds(30));
        assertThat(cloned.ok()).as(cloned.stderr()).isTrue();
        var info = HostCommand.exec(List.of("git", "-C", bare.toString(), "update-server-info"), Duration.ofSeconds(30));
        assertThat(info.ok()).as(info.stderr()).isTrue();
        return bare;
    }

    /**
     * A git server on loopback that wants HTTP basic authentication and serves a repository's files. While it
     * answers git, it reads the command line of every process on the machine, looking for the password.
     */
    private static final class AuthenticatingGitServer implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger authenticated = new AtomicInteger();
        private final List<String> leaks = new CopyOnWriteArrayList<>();

        AuthenticatingGitServer(Path repository, String user, String password) throws IOException {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            String secret = password.substring(password.lastIndexOf('-') + 1);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/keystone.git/", exchange -> {
                leaks.addAll(commandLinesHolding(secret));
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                    exchange.close();
                    return;
                }
                authenticated.incrementAndGet();
                Path file = repository.resolve(exchange.getRequestURI().getPath().substring("/keystone.git/".length())).normalize();
                if (!file.startsWith(repository) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int authenticatedRequests() {
            return authenticated.get();
        }

        List<String> commandLinesHoldingTheSecret() {
            return leaks;
        }

        private static List<String> commandLinesHolding(String secret) {
            List<String> found = new ArrayList<>();
            try (var procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                    try {
                        String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                        if (cmdline.contains(secret)) {
                            found.add(p.getFileName() + ": " + cmdline);
                        }
                    } catch (IOException gone) {
                        // the process ended while the list was read
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return found;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void theReportsNameEachChangesRepositoryRefAndCommit() {
        Map<String, String> described = Change.describe(List.of(Change.resolve("keystone=" + repo + "@v2", dir)), repo);
        assertThat(described).containsEntry("keystone.commit", second).containsEntry("keystone.ref", "v2")
                .containsEntry("keystone.repository", repo.toString()).containsEntry("commit", second)
                .containsKey("hagate.commit");
    }
}

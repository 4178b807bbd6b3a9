package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hagate.lab.HostCommand;
import dev.hagate.yaml.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        assertThat(tagged.project()).isEqualTo(Change.Project.KEYSTONE);
        assertThat(tagged.commit()).isEqualTo(second);
        assertThat(Change.resolve("keystone=" + repo, dir).commit()).isEqualTo(second);
        assertThat(Change.resolve("keystone=" + repo + "@" + first.substring(0, 10), dir).commit()).isEqualTo(first);
        assertThat(Change.resolve("keystone=" + repo + "@HEAD~1", dir).commit()).isEqualTo(first);
    }

    @Test
    void gerritAndZuulProjectNamesAreUnderstood() {
        assertThat(Change.resolve("openstack/keystone=" + repo + "@master", dir).project()).isEqualTo(Change.Project.KEYSTONE);
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
                        "--change nova=...: unknown project 'nova'; expected one of: hagate, keystone",
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
    void theReportsNameEachChangesRepositoryRefAndCommit() {
        Map<String, String> described = Change.describe(List.of(Change.resolve("keystone=" + repo + "@v2", dir)), repo);
        assertThat(described).containsEntry("keystone.commit", second).containsEntry("keystone.ref", "v2")
                .containsEntry("keystone.repository", repo.toString()).containsEntry("commit", second)
                .containsKey("hagate.commit");
    }
}

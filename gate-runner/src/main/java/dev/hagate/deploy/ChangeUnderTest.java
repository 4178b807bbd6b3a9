package dev.hagate.deploy;

import dev.hagate.lab.ExecResult;
import dev.hagate.lab.HostCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is under test: the deployment templates, identified by the commit of the repository that holds them
 * and whether they differ from it (a local run of uncommitted edits is still a run of something nameable).
 */
public final class ChangeUnderTest {

    private ChangeUnderTest() {}

    public static Map<String, String> describe(Path templates) {
        Map<String, String> change = new LinkedHashMap<>();
        change.put("project", "hagate-deployment");
        change.put("templates", templates.toString());
        ExecResult commit = git(templates, "rev-parse", "HEAD");
        if (commit.ok()) {
            change.put("commit", commit.stdout().trim());
            ExecResult status = git(templates, "status", "--porcelain", "--", ".");
            change.put("dirty", String.valueOf(!status.ok() || !status.stdout().isBlank()));
        } else {
            change.put("commit", "unknown (not in a git repository)");
        }
        return change;
    }

    private static ExecResult git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            return HostCommand.exec(command, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            return new ExecResult(-1, "", e.getMessage());
        }
    }
}

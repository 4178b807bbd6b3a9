package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDirectoryTest {

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatWasStarted() {
        started.forEach(Process::destroyForcibly);
    }

    private Process holder(Path root, String owner) throws Exception {
        Process process = LeaseHolder.start(root, owner);
        started.add(process);
        return process;
    }

    private Process sleeper(Path program) throws Exception {
        Process process = new ProcessBuilder(program.toString(), "60").start();
        started.add(process);
        return process;
    }

    private static void kill(Process process) throws Exception {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aLeaseIsWrittenWholeAndNamesItsProcessByPidStartTimeAndBoot() throws Exception {
        LabDirectory dir = new LabDirectory(tmp.resolve("state"));
        dir.takeLease("embedded", "embedded.yaml", LabDirectory.RUN);

        LabDirectory.Lease lease = dir.lease().orElseThrow();
        ProcessIdentity self = ProcessIdentity.current();
        assertThat(lease.pid()).isEqualTo(self.pid());
        assertThat(lease.startTime()).isEqualTo(self.startTime()).isPositive();
        assertThat(lease.bootId()).isEqualTo(self.bootId()).isNotBlank();
        assertThat(lease.abandoned()).isFalse();
        assertThat(files(dir.root())).as("no temporary file is left").containsExactly("lab.json", "lab.lock");

        dir.delete();
        assertThat(Files.exists(dir.root())).isFalse();
    }

    @Test
    void aLeaseHeldByAnotherProcessIsNotTakenAndStaysAsItWas() throws Exception {
        Path root = tmp.resolve("state");
        Process other = holder(root, "lab up");
        byte[] before = Files.readAllBytes(root.resolve("lab.json"));

        assertThatThrownBy(() -> new LabDirectory(root).takeLease("other", "other.yaml", LabDirectory.RUN))
                .isInstanceOf(LabBusyException.class)
                .hasMessageContaining("taken by `hagate lab up` (pid " + other.pid() + ")");

        assertThat(Files.readAllBytes(root.resolve("lab.json"))).isEqualTo(before);
        assertThat(files(root)).containsExactly("lab.json", "lab.lock");
    }

    @Test
    void aRunsLeaseIsAbandonedOnceItsProcessIsGoneAndALabUpsNever() throws Exception {
        Path run = tmp.resolve("run");
        Path labUp = tmp.resolve("lab-up");
        Process runner = holder(run, LabDirectory.RUN);
        Process builder = holder(labUp, "lab up");
        assertThat(new LabDirectory(run).abandoned()).isFalse();

        kill(runner);
        kill(builder);

        assertThat(new LabDirectory(run).abandoned()).isTrue();
        assertThat(new LabDirectory(labUp).abandoned()).as("held until `lab down`").isFalse();
    }

    @Test
    void anEmptyOrUnreadableLeaseIsNotAbandonedWhileItsOwnerLives() throws Exception {
        Path root = tmp.resolve("state");
        Process runner = holder(root, LabDirectory.RUN);
        Files.writeString(root.resolve("lab.json"), "");
        LabDirectory dir = new LabDirectory(root);
        assertThat(dir.lease()).isEmpty();
        assertThat(dir.abandoned()).isFalse();
        Files.writeString(root.resolve("lab.json"), "{\"lab\": \"embed");
        assertThat(dir.abandoned()).isFalse();

        kill(runner);

        assertThat(dir.abandoned()).isTrue();
    }

    @Test
    void anUnreadableLeaseOfThisVeryProcessIsNotAbandoned() throws Exception {
        LabDirectory dir = new LabDirectory(tmp.resolve("state"));
        dir.takeLease("embedded", "embedded.yaml", LabDirectory.RUN);
        Files.writeString(dir.root().resolve("lab.json"), "");

        assertThat(new LabDirectory(dir.root()).abandoned()).isFalse();
        dir.delete();
    }

    @Test
    void aLeaseWhosePidNowBelongsToAnotherProgramIsAbandoned() throws Exception {
        Process sleep = sleeper(Path.of("/bin/sleep"));
        ProcessIdentity now = ProcessIdentity.of(sleep.pid()).orElseThrow();
        Path root = Files.createDirectories(tmp.resolve("state"));
        LabDirectory dir = new LabDirectory(root);
        ObjectMapper json = new ObjectMapper();

        // The run that took the lease had this pid, but started at another time: the pid was given again.
        json.writeValue(root.resolve("lab.json").toFile(), new LabDirectory.Lease("embedded", "embedded.yaml",
                LabDirectory.RUN, now.pid(), now.bootId(), now.startTime() - 1, "2025-01-01T00:00:00Z"));
        assertThat(dir.abandoned()).isTrue();
        // ... or in another boot.
        json.writeValue(root.resolve("lab.json").toFile(), new LabDirectory.Lease("embedded", "embedded.yaml",
                LabDirectory.RUN, now.pid(), "another-boot", now.startTime(), "2025-01-01T00:00:00Z"));
        assertThat(dir.abandoned()).isTrue();

        json.writeValue(root.resolve("lab.json").toFile(), new LabDirectory.Lease("embedded", "embedded.yaml",
                LabDirectory.RUN, now.pid(), now.bootId(), now.startTime(), "2025-01-01T00:00:00Z"));
        assertThat(dir.abandoned()).isFalse();
    }

    @Test
    void aProcessIsKnownByItsStartTimeWhateverItsNameAndIsGoneOnceItExits() throws Exception {
        // /proc/<pid>/stat holds the command's name in parentheses, spaces and parentheses of its own included.
        Path oddName = tmp.resolve("a) b (c");
        Files.copy(Path.of("/bin/sleep"), oddName);
        oddName.toFile().setExecutable(true);
        Process sleep = sleeper(oddName);

        ProcessIdentity identity = ProcessIdentity.of(sleep.pid()).orElseThrow();
        assertThat(identity.startTime()).isGreaterThanOrEqualTo(ProcessIdentity.current().startTime());
        assertThat(identity.alive()).isTrue();

        kill(sleep);

        assertThat(identity.alive()).isFalse();
        assertThat(ProcessIdentity.of(Long.MAX_VALUE)).isEmpty();
    }
}

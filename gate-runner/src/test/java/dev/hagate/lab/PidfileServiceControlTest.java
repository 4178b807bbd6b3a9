package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The service control's commands, run by a real shell on this machine as a node's shell runs them: a service
 * whose name holds a quote and a space is started, found running, killed, started again and stopped.
 */
@EnabledIf("canManageServices")
class PidfileServiceControlTest {

    private static final NodeShell LOCAL = new LocalShell("local", Map.of());

    private final String name = "unit test's " + UUID.randomUUID().toString().substring(0, 8);
    private final PidfileServiceControl services = new PidfileServiceControl(LOCAL);
    /** The directories the service control makes on first use, removed after if this test made them. */
    private final List<Path> madeHere = List.of(Path.of("/run/hagate"), Path.of("/var/log/hagate")).stream()
            .filter(dir -> !Files.exists(dir)).toList();

    static boolean canManageServices() {
        return Files.isExecutable(Path.of("/sbin/start-stop-daemon")) && "root".equals(System.getProperty("user.name"));
    }

    @AfterEach
    void removeWhatTheServiceLeft() throws IOException {
        services.stop(name);
        Files.deleteIfExists(Path.of(PidfileServiceControl.pidfile(name)));
        Files.deleteIfExists(Path.of("/var/log/hagate/" + name + ".log"));
        for (Path dir : madeHere) {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void aServiceIsStartedFoundKilledAndStoppedByItsPidfileWhateverItsName() {
        services.start(name, List.of("/bin/sleep", "60"));
        assertThat(services.isRunning(name)).isTrue();

        assertThat(services.kill(name)).isTrue();
        assertThat(waitUntilStopped()).isTrue();

        services.start(name, List.of("/bin/sleep", "60"));
        assertThat(services.isRunning(name)).isTrue();
        services.stop(name);
        assertThat(services.isRunning(name)).isFalse();
    }

    private boolean waitUntilStopped() {
        for (int i = 0; i < 100 && services.isRunning(name); i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return !services.isRunning(name);
    }
}

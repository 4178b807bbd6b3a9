package dev.hagate.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;

/**
 * The power of a container node, through the container engine's API. Power off kills every process of the
 * container at once (SIGKILL, as a power loss: nothing is flushed or shut down); power on starts it again
 * with its disks (named volumes) as they were, and the node's own start-up brings its sshd back, not its
 * services. {@link #freeze()} pauses it: the node stops answering without losing anything, as a hung
 * machine or a long GC pause would look to its peers.
 */
public final class ContainerPower implements PowerDriver {

    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);
    private final String node;
    private final String container;

    public ContainerPower(String node, String container) {
        this.node = node;
        this.container = container;
    }

    @Override
    public String node() {
        return node;
    }

    /** The container this driver powers. */
    public String container() {
        return container;
    }

    @Override
    public PowerState status() {
        return Boolean.TRUE.equals(state().getRunning()) ? PowerState.ON : PowerState.OFF;
    }

    /** Whether the node is paused by {@link #freeze()}; its power is still on. */
    public boolean frozen() {
        return Boolean.TRUE.equals(state().getPaused());
    }

    @Override
    public void powerOff() {
        if (status() == PowerState.OFF) {
            return;
        }
        if (frozen()) {
            // A paused container's processes cannot take the signal until they run again.
            call("unpause", () -> client().unpauseContainerCmd(container).exec());
        }
        call("kill", () -> client().killContainerCmd(container).withSignal("KILL").exec());
        await(PowerState.OFF);
    }

    @Override
    public void powerOn() {
        if (status() == PowerState.ON) {
            return;
        }
        call("start", () -> client().startContainerCmd(container).exec());
        await(PowerState.ON);
    }

    /** Freezes every process of the node (the container is paused); {@link #thaw()} lets them run on. */
    public void freeze() {
        if (!frozen()) {
            call("pause", () -> client().pauseContainerCmd(container).exec());
        }
    }

    public void thaw() {
        if (frozen()) {
            call("unpause", () -> client().unpauseContainerCmd(container).exec());
        }
    }

    private InspectContainerResponse.ContainerState state() {
        try {
            return client().inspectContainerCmd(container).exec().getState();
        } catch (DockerException | IllegalStateException e) {
            throw new LabException("cannot read the power state of node " + node + " (container " + container + "): "
                    + e.getMessage(), e);
        }
    }

    private void await(PowerState wanted) {
        Wait.until("node " + node + " (container " + container + ") powered " + wanted.name().toLowerCase()
                        + " after it was told to be", STATE_TIMEOUT)
                .pollingEvery(Duration.ofMillis(50))
                .on(() -> {
                    PowerState seen = status();
                    return seen == wanted ? Seen.done(seen) : Seen.notYet("powered " + seen.name().toLowerCase());
                }, LabException::new);
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    private void call(String action, Runnable command) {
        try {
            command.run();
        } catch (DockerException | IllegalStateException e) {
            throw new LabException("cannot " + action + " node " + node + " (container " + container + "): " + e.getMessage(), e);
        }
    }
}

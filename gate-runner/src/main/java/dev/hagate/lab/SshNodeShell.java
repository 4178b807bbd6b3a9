package dev.hagate.lab;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.hagate.wait.Wait;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A node shell over SSH (Jsch), with strict host-key checking against the known_hosts file the lab wrote.
 * One session per node, opened on first use and reopened if it dropped; each command is one exec channel.
 */
public final class SshNodeShell implements NodeShell {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private final String node;
    private final String address;
    private final String user;
    private final int port;
    private final JSch jsch = new JSch();
    private Session session;

    /** A shell as root on port 22 (the embedded lab's nodes). */
    public SshNodeShell(String node, String address, Path privateKey, Path knownHosts) {
        this(node, "root", address, 22, privateKey, knownHosts);
    }

    /** A shell as {@code user} on {@code address}:{@code port}; host keys must be in {@code knownHosts}. */
    public SshNodeShell(String node, String user, String address, int port, Path privateKey, Path knownHosts) {
        this.node = node;
        this.user = user;
        this.port = port;
        this.address = address;
        try {
            jsch.addIdentity(privateKey.toString());
            jsch.setKnownHosts(knownHosts.toString());
        } catch (JSchException e) {
            throw new LabException("cannot load the lab's SSH key " + privateKey + " or " + knownHosts + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public synchronized ExecResult exec(String command, String input, Duration timeout) {
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session().openChannel("exec");
            channel.setCommand(command);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOutputStream(out);
            channel.setErrStream(err);
            channel.setInputStream(input == null ? null : new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            channel.connect(CONNECT_TIMEOUT_MS);
            ChannelExec running = channel;
            // Jsch reports the exit status only once the channel is closed.
            Wait.until("on " + node + ", the end of: " + command.lines().findFirst().orElse(command), timeout)
                    .pollingEvery(Duration.ofMillis(5))
                    .onTrue(running::isClosed, () -> "still running", LabException::new);
            return new ExecResult(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (JSchException e) {
            disconnect();
            throw new LabException("cannot reach " + node + " (" + user + "@" + address + (port == 22 ? "" : ":" + port)
                    + ") over SSH: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    private Session session() throws JSchException {
        if (session == null || !session.isConnected()) {
            session = jsch.getSession(user, address, port);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setServerAliveInterval(5_000);
            session.connect(CONNECT_TIMEOUT_MS);
        }
        return session;
    }

    private void disconnect() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}

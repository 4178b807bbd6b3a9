package dev.hagate.lab;

import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node's power through its BMC, with {@code ipmitool} over IPMI v2.0 LAN (lanplus). The password is read
 * from a file and given to ipmitool in {@code IPMI_PASSWORD} ({@code -E}), never on its command line, and it
 * appears in no message. The cipher suite is asked for explicitly ({@code -C}, 3 unless the topology says
 * otherwise): without it ipmitool first spends seconds asking which suites the BMC supports. Every call has a timeout; a BMC that does not answer or
 * refuses the login is a {@link LabException} (no vote).
 */
public final class IpmiPower implements PowerDriver {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** How long a BMC may take to report the state it was just told to reach. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);

    private final String node;
    private final String host;
    private final int port;
    private final String user;
    private final Path passwordFile;
    private final int cipherSuite;

    /** A session with cipher suite 3 (HMAC-SHA1, AES-128), the topology's default. */
    public IpmiPower(String node, String host, int port, String user, Path passwordFile) {
        this(node, host, port, user, passwordFile, 3);
    }

    /**
     * @param passwordFile a file whose first line is the password of {@code user} on the BMC
     * @param cipherSuite the IPMI cipher suite ID of the session ({@code ipmitool -C})
     */
    public IpmiPower(String node, String host, int port, String user, Path passwordFile, int cipherSuite) {
        this.node = node;
        this.host = host;
        this.port = port;
        this.user = user;
        this.passwordFile = passwordFile;
        this.cipherSuite = cipherSuite;
    }

    @Override
    public String node() {
        return node;
    }

    /** Where the BMC is, for messages: {@code host:port}. */
    public String bmc() {
        return host + ":" + port;
    }

    @Override
    public PowerState status() {
        String out = ipmitool("power", "status").toLowerCase();
        if (out.contains("power is on")) {
            return PowerState.ON;
        }
        if (out.contains("power is off")) {
            return PowerState.OFF;
        }
        throw new LabException("the BMC of " + node + " at " + bmc() + " answered 'power status' with '" + out.trim() + "'");
    }

    @Override
    public void powerOff() {
        set("off", PowerState.OFF);
    }

    @Override
    public void powerOn() {
        set("on", PowerState.ON);
    }

    /**
     * Sets the power and reads it back in one IPMI session (one session costs as much as both commands), then
     * polls until the BMC reports {@code wanted}.
     */
    private void set(String command, PowerState wanted) {
        Path script;
        try {
            script = Files.createTempFile("hagate-ipmi", ".txt");
        } catch (IOException e) {
            throw new LabException("cannot write an ipmitool command file: " + e.getMessage(), e);
        }
        String out;
        try {
            Files.writeString(script, "power " + command + "\npower status\n");
            out = ipmitool("exec", script.toString(), command).toLowerCase();
        } catch (IOException e) {
            throw new LabException("cannot write an ipmitool command file: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException e) {
                // a temporary file without secrets; the system cleans /tmp
            }
        }
        if (!out.contains("power is " + command)) {
            awaitState(wanted);
        }
    }

    private void awaitState(PowerState wanted) {
        Wait.until("the BMC of " + node + " at " + bmc() + " reporting power " + wanted + " after being told so",
                        SETTLE_TIMEOUT)
                .pollingEvery(Duration.ofMillis(100))
                .on(() -> {
                    PowerState seen = status();
                    return seen == wanted ? Seen.done(seen) : Seen.notYet("power " + seen);
                }, LabException::new);
    }

    /**
     * Runs one ipmitool command against the BMC and returns its output; {@code exec FILE LABEL} runs the
     * commands of FILE in one session, LABEL naming them in messages.
     */
    private String ipmitool(String... command) {
        String password = password();
        List<String> argv = argv(command);
        ExecResult result;
        try {
            result = HostCommand.exec(argv, Map.of("IPMI_PASSWORD", password), CALL_TIMEOUT);
        } catch (LabException e) {
            throw new LabException(scrub(e.getMessage(), password));
        }
        if (!result.ok()) {
            String why = scrub(result.lastErrorLine(), password);
            String hint = why.contains("Unable to establish") ? " (the BMC does not answer, or refuses user '" + user
                    + "': check the address, port, user and password file " + passwordFile + ")" : "";
            String what = command[0].equals("exec") ? "power " + command[2] : String.join(" ", command);
            throw new LabException("the BMC of " + node + " at " + bmc() + " failed 'ipmitool " + what + "': " + why + hint);
        }
        return scrub(result.stdout(), password);
    }

    /** The ipmitool command line; the password goes in the environment, never here. */
    List<String> argv(String... command) {
        List<String> argv = new ArrayList<>(List.of("ipmitool", "-I", "lanplus", "-C", String.valueOf(cipherSuite), "-H", host,
                "-p", String.valueOf(port), "-U", user, "-E", "-N", "2", "-R", "1"));
        argv.addAll(List.of(command).subList(0, command[0].equals("exec") ? 2 : command.length));
        return argv;
    }

    private String password() {
        try {
            String text = Files.readString(passwordFile);
            String first = text.lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new LabException("the BMC password file " + passwordFile + " of " + node + " is empty");
            }
            return first;
        } catch (IOException e) {
            throw new LabException("cannot read the BMC password file " + passwordFile + " of " + node + ": " + e.getMessage(), e);
        }
    }

    /** A password never leaves this class, not even inside a tool's own message. */
    private static String scrub(String text, String password) {
        return text == null || password.length() < 4 ? text : text.replace(password, "********");
    }
}

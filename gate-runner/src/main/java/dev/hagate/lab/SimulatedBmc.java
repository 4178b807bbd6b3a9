package dev.hagate.lab;

import dev.hagate.wait.Seen;
import dev.hagate.wait.Wait;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The BMC of an embedded node: OpenIPMI's {@code ipmi_sim} on 127.0.0.1, one port per node, whose chassis
 * power is a script acting on the node. Power off is a power loss: the node's link goes down and every
 * process of the node is SIGKILLed at once, also those it runs in network namespaces of its own (a router's).
 * Power on brings the link up with a fresh network configuration and boots the node again: its first process,
 * then the services registered to start at boot ({@link ServiceControl#enableAtBoot}). The disk (the node's
 * overlay directories) survives, its {@code /run} and {@code /tmp} do not, as on a real machine.
 *
 * <p>The lab's one BMC user and password are made per lab; the password is kept in a file readable by root
 * only ({@link #passwordFile}) and in each BMC's {@code lan.conf} (also 0600), never on a command line.
 */
public final class SimulatedBmc {

    /** The IPMI user every simulated BMC of a lab has. */
    public static final String USER = "hagate";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private SimulatedBmc() {}

    /** What the chassis script needs to know about its node. */
    public record NodeBoot(String node, String namespace, String hostLink, String address, int prefix, Path home,
                           List<String> bootCommand) {}

    /** The lab's BMC password file (0600), made when the lab's first BMC starts. */
    public static Path passwordFile(LabDirectory dir) {
        return dir.root().resolve("bmc-password");
    }

    private static Path createPassword(LabDirectory dir) {
        Path file = passwordFile(dir);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[9]; // 18 characters: IPMI v2 passwords are at most 20 bytes
            new SecureRandom().nextBytes(bytes);
            try {
                Files.createDirectories(dir.root());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n");
            } catch (FileAlreadyExistsException e) {
                // made meanwhile: use it
            } catch (IOException e) {
                throw new LabException("cannot write the lab's BMC password file " + file + ": " + e.getMessage(), e);
            }
        }
        return file;
    }

    /** The directory of {@code node}'s BMC: its configuration, chassis script, state and log. */
    static Path home(LabDirectory dir, String node) {
        return dir.node(node).resolve("bmc");
    }

    /**
     * Starts the BMC of {@code boot.node()} on 127.0.0.1:{@code port} and waits until it answers IPMI.
     * Journaled before it starts, so {@link Labs#down} stops it also after a killed runner.
     *
     * @return the driver for it
     */
    public static IpmiPower start(LabDirectory dir, NodeBoot boot, int port) {
        requirePortFree(boot.node(), port);
        Path home = home(dir, boot.node());
        Path password = createPassword(dir);
        try {
            Files.createDirectories(home.resolve("state"));
            writePrivate(home.resolve("lan.conf"), lanConf(boot.node(), port, Files.readString(password).trim(),
                    home.resolve("chassis")));
            Files.writeString(home.resolve("commands.emu"), String.join("\n",
                    "mc_setbmc 0x20",
                    "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
                    "sel_enable 0x20 1000 0x0a",
                    "mc_enable 0x20", ""));
            Files.writeString(home.resolve("power"), "1\n");
            Path chassis = home.resolve("chassis");
            Files.writeString(chassis, chassisScript(boot, home));
            Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new LabException("cannot write the BMC of " + boot.node() + " in " + home + ": " + e.getMessage(), e);
        }
        dir.journal("bmc", home.toString());
        try {
            // setsid: the BMC must outlive the command that started it and ignore the runner's Ctrl-C.
            new ProcessBuilder("setsid", "ipmi_sim", "-n", "-c", home.resolve("lan.conf").toString(),
                    "-f", home.resolve("commands.emu").toString(), "-s", home.resolve("state").toString())
                    .redirectInput(new File("/dev/null"))
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("ipmi_sim.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new LabException("cannot start the BMC of " + boot.node() + " (is OpenIPMI's ipmi_sim installed?): "
                    + e.getMessage(), e);
        }
        IpmiPower power = new IpmiPower(boot.node(), "127.0.0.1", port, USER, password);
        return Wait.until("the BMC of " + boot.node() + " answering on 127.0.0.1:" + port + " (port taken? see "
                        + home.resolve("ipmi_sim.log") + ")", READY_TIMEOUT)
                .pollingEvery(Duration.ofMillis(100))
                .retrying(LabException.class, () -> {
                    power.status();
                    return power;
                }, LabException::new);
    }

    /**
     * Makes sure no other program listens on the BMC's port: the runner would power the node through someone
     * else's BMC, and this one would not start.
     */
    private static void requirePortFree(String node, int port) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            // free: this socket closes at once, and ipmi_sim takes the port
        } catch (SocketException e) {
            throw new LabException("UDP port 127.0.0.1:" + port + " for the BMC of " + node + " is taken by another"
                    + " program; stop it, or change lab.bmc-port in the topology");
        }
    }

    /**
     * Stops the BMC whose directory is {@code home}: every process running from its configuration. A no-op
     * when it is gone already (the journal's undo).
     */
    static void stop(String home) {
        String marker = Path.of(home).resolve("lan.conf").toString();
        Wait.until("the BMC processes of " + home + " gone after SIGKILL", Duration.ofSeconds(10))
                .pollingEvery(Duration.ofMillis(50))
                .on(() -> {
                    List<Long> pids = processesWith(marker);
                    if (pids.isEmpty()) {
                        return Seen.done(Boolean.TRUE);
                    }
                    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                    return Seen.notYet("processes " + pids + " still there");
                }, LabException::new);
    }

    /** Processes whose command line names {@code marker} (a path unique to one lab's BMC). */
    private static List<Long> processesWith(String marker) {
        List<Long> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline")).replace('\0', ' ');
                if (cmdline.contains(marker)) {
                    found.add(p.pid());
                }
            } catch (IOException | UncheckedIOException e) {
                // gone meanwhile
            }
        });
        return found;
    }

    private static String lanConf(String node, int port, String password, Path chassis) {
        String auths = " none md2 md5 straight";
        return String.join("\n",
                "name \"" + node + "\"",
                "set_working_mc 0x20",
                "startlan 1",
                "  addr 127.0.0.1 " + port,
                "  priv_limit admin",
                "  allowed_auths_callback" + auths,
                "  allowed_auths_user" + auths,
                "  allowed_auths_operator" + auths,
                "  allowed_auths_admin" + auths,
                "  guid " + HexFormat.of().formatHex(node.concat("-hagate-bmc-0000").substring(0, 16).getBytes()),
                "endlan",
                // Power is the script's: deterministic and immediate, as the simulator's own start/stop is not.
                "chassis_control \"" + chassis + " 0x20\"",
                "user 2 true \"" + USER + "\" \"" + password + "\" admin 10 md5 md2 straight",
                "");
    }

    /**
     * The chassis script: {@code chassis 0x20 get power} prints {@code power:1|0};
     * {@code chassis 0x20 set power 0|1} cuts or restores the node's power and returns once done.
     */
    private static String chassisScript(NodeBoot b, Path home) {
        StringBuilder boot = new StringBuilder();
        for (String arg : b.bootCommand()) {
            boot.append(' ').append(ShellWords.quote(arg));
        }
        return """
                #!/bin/sh
                # The power of node %1$s, called by its BMC (ipmi_sim): <addr> get power | <addr> set power 0|1
                ns=%2$s; link=%3$s; state='%4$s/power'; log='%5$s'
                # The node's processes: those of its network namespace, and those it started in network
                # namespaces of its own (a router's keepalived), found by its hostname's UTS namespaces.
                node_pids() {
                    ip netns pids "$ns" || return 1
                    [ -n "$uts" ] || return 0
                    # One find for every process (a fork per process is seconds on a busy machine).
                    find /proc/[0-9]*/ns/uts -maxdepth 0 -printf '%%l %%p\\n' 2>/dev/null \\
                        | awk -v uts=" $uts " 'index(uts, " " $1 " ") { split($2, p, "/"); print p[3] }'
                }
                off() {
                    ip link set "$link" down
                    own=$(readlink /proc/self/ns/uts)
                    uts=$(for p in $(ip netns pids "$ns"); do readlink "/proc/$p/ns/uts"; done | sort -u | grep -vxF "$own" | tr '\\n' ' ')
                    i=0
                    while pids=$(node_pids) && [ -n "$pids" ] && [ $i -lt 200 ]; do
                        kill -9 $pids 2>/dev/null; i=$((i + 1))
                    done
                    # A node still running is not powered off: the BMC says so (ipmitool fails, no vote)
                    # rather than reporting "off" for a fault that never happened.
                    if ! pids=$(node_pids) || [ -n "$pids" ]; then
                        echo "power off failed: processes of $ns survived SIGKILL" >> "$log"; exit 1
                    fi
                    # The virtual devices the node made (Open vSwitch's bridges) die with its kernel; its link stays.
                    for dev in $(ip -n "$ns" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do
                        case "$dev" in lo|eth0) ;; *) ip -n "$ns" link del "$dev" ;; esac
                    done
                    echo 0 > "$state"
                }
                on() {
                    [ "$(cat "$state")" = 1 ] && return 0
                    # A machine boots with the network configuration of its boot: no leftover addresses (a VIP).
                    ip -n "$ns" addr flush dev eth0
                    ip -n "$ns" addr add %6$s/%7$d dev eth0
                    ip -n "$ns" link set eth0 up
                    ip link set "$link" up
                    echo 1 > "$state"
                    echo "power on: booting $(date -u +%%FT%%T.%%NZ)" >> "$log"
                    setsid%8$s >> "$log" 2>&1 < /dev/null &
                }
                dev=$1; op=$2; shift 2
                case "$op" in
                get)
                    for parm in "$@"; do
                        case "$parm" in
                        power) echo "power:$(cat "$state")" ;;
                        boot) echo "boot:default" ;;
                        esac
                    done ;;
                set)
                    while [ $# -ge 2 ]; do
                        case "$1:$2" in
                        power:0) off ;;
                        power:1) on ;;
                        reset:1) off; on ;;
                        esac
                        shift 2
                    done ;;
                *) echo "unknown operation $op"; exit 1 ;;
                esac
                """.formatted(b.node(), b.namespace(), b.hostLink(), home, b.home().resolve("node.log"), b.address(),
                b.prefix(), boot);
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}

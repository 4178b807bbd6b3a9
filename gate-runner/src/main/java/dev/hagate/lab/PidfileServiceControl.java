package dev.hagate.lab;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Services on a node without an init system: each runs in the background under {@code start-stop-daemon}
 * with its pidfile in {@code /run/hagate} and its output in {@code /var/log/hagate}. Processes must be
 * found through their pidfile, never by name: on the embedded lab all nodes share one PID namespace, so
 * {@code pidof} would find other nodes' processes too.
 */
public final class PidfileServiceControl implements ServiceControl {

    /** How long start-stop-daemon waits for a service to exit (TERM, then KILL); the command itself gets a little more. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private final NodeShell shell;

    public PidfileServiceControl(NodeShell shell) {
        this.shell = shell;
    }

    static String pidfile(String name) {
        return "/run/hagate/" + name + ".pid";
    }

    /** Where the node's boot finds what to start: one script per service, started in the order of the list. */
    public static final String BOOT_DIR = "/etc/hagate/boot.d";
    public static final String BOOT_ORDER = "/etc/hagate/boot.order";

    @Override
    public void start(String name, List<String> argv) {
        shell.run(startCommand(name, argv));
    }

    private static String startCommand(String name, List<String> argv) {
        String args = argv.stream().skip(1).map(ShellWords::quote).collect(Collectors.joining(" "));
        return "mkdir -p /run/hagate /var/log/hagate && start-stop-daemon --start --oknodo --background"
                + " --make-pidfile --pidfile " + ShellWords.quote(pidfile(name)) + " --output " + ShellWords.quote("/var/log/hagate/" + name + ".log")
                + " --exec " + ShellWords.quote(argv.get(0)) + " -- " + args;
    }

    @Override
    public void enableAtBoot(String name, List<String> argv) {
        shell.write(BOOT_DIR + "/" + name, "#!/bin/sh\n" + startCommand(name, argv) + "\n", "0755");
        shell.run("touch " + BOOT_ORDER + " && { grep -qx " + ShellWords.quote(name) + " " + BOOT_ORDER + " || echo " + ShellWords.quote(name)
                + " >> " + BOOT_ORDER + "; }");
    }

    /**
     * The node's boot: starts each registered service in order, logging to /var/log/hagate/boot.log. Run in
     * the background by the node's first process.
     */
    public static String bootServicesCommand() {
        return "[ ! -f " + BOOT_ORDER + " ] || ( while read -r name; do echo \"$(date -u +%FT%T.%NZ) starting $name\";"
                + " /bin/sh " + BOOT_DIR + "/\"$name\"; done < " + BOOT_ORDER + " ) >> /var/log/hagate/boot.log 2>&1 &";
    }

    @Override
    public boolean kill(String name) {
        return shell.exec(ShellWords.script("pid=$(cat \"$1\" 2>/dev/null) && kill -9 \"$pid\"", pidfile(name)), NodeShell.DEFAULT_TIMEOUT).ok();
    }

    @Override
    public void stop(String name) {
        shell.exec("start-stop-daemon --stop --oknodo --retry TERM/" + (STOP_TIMEOUT.toSeconds() - 5) + "/KILL/5"
                + " --remove-pidfile --pidfile " + ShellWords.quote(pidfile(name)), STOP_TIMEOUT.plusSeconds(10));
    }

    @Override
    public boolean isRunning(String name) {
        return shell.exec(ShellWords.script("kill -0 \"$(cat \"$1\" 2>/dev/null)\" 2>/dev/null", pidfile(name)), NodeShell.DEFAULT_TIMEOUT).ok();
    }
}

package dev.hagate.lab;

/**
 * A command on a reachable node exited non-zero. Whether that is the change's fault or the lab's is for the
 * caller to say: a service that will not start from the change's configuration is the change's.
 */
public class NodeCommandException extends RuntimeException {

    private final ExecResult result;

    public NodeCommandException(String node, String command, ExecResult result) {
        super("on " + node + ": `" + abbreviate(command) + "` exited " + result.exitCode() + ": " + result.lastErrorLine());
        this.result = result;
    }

    public ExecResult result() {
        return result;
    }

    private static String abbreviate(String command) {
        String oneLine = command.replace('\n', ' ');
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }
}

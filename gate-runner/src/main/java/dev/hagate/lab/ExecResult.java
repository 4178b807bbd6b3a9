package dev.hagate.lab;

/** What a command printed and how it exited. */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The last non-blank line of stderr (or stdout), for one-line error messages. */
    public String lastErrorLine() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(no output)").trim();
    }
}

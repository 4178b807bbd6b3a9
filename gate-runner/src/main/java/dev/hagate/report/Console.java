package dev.hagate.report;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress on the terminal: one line per phase as it starts, with the time elapsed since the run began.
 * A quiet console prints nothing (for machines reading the final JSON or only the exit code).
 */
public final class Console {

    private final PrintStream out;
    private final boolean quiet;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out) {
        this(out, false);
    }

    public Console(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public void phase(String message) {
        if (quiet) {
            return;
        }
        long ms = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        out.printf("[%6.1fs] %s%n", ms / 1000.0, message);
        out.flush();
    }

    public void line(String text) {
        if (quiet) {
            return;
        }
        out.println(text);
        out.flush();
    }
}

package dev.hagate.report;

import java.io.PrintStream;
import java.time.Duration;

/** Progress on the terminal: one line per phase as it starts, with the time elapsed since the run began. */
public final class Console {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out) {
        this.out = out;
    }

    public void phase(String message) {
        long ms = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        out.printf("[%6.1fs] %s%n", ms / 1000.0, message);
        out.flush();
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }
}

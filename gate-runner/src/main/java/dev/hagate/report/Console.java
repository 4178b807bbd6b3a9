package dev.hagate.report;

import dev.hagate.scenario.Progress;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress on the terminal: one line per phase as it starts, with the time elapsed since the run began, on
 * the progress stream (standard error), so that a machine reading standard output ({@code --json}) still
 * leaves a person the progress. Result lines go to the output stream. A quiet console prints nothing.
 */
public final class Console implements Progress {

    private final PrintStream progress;
    private final PrintStream out;
    private final boolean quiet;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out) {
        this(out, out, false);
    }

    public Console(PrintStream progress, PrintStream out, boolean quiet) {
        this.progress = progress;
        this.out = out;
        this.quiet = quiet;
    }

    @Override
    public void phase(String message) {
        if (quiet) {
            return;
        }
        long ms = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        progress.printf("[%6.1fs] %s%n", ms / 1000.0, message);
        progress.flush();
    }

    public void line(String text) {
        if (quiet) {
            return;
        }
        out.println(text);
        out.flush();
    }
}

package dev.hagate.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where a node command's text is made from values: every argument is quoted here, so a
 * topology value, a path or a name can never become shell syntax. Fixed shell text (pipes, loops) goes in a
 * {@link #script script} whose values arrive as {@code $1}, {@code $2}, ..., never spliced into the text.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /** {@code arg} as one shell word, whatever it holds. */
    public static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The command line that runs {@code argv} as it is: each argument quoted. */
    public static String command(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("an empty command");
        }
        return argv.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    /** As {@link #command(List)}. */
    public static String command(String... argv) {
        return command(Arrays.asList(argv));
    }

    /**
     * The command line that runs the fixed shell text {@code script} with {@code args} as its positional
     * parameters ({@code "$1"}, {@code "$2"}, ...). {@code script} must be a constant of the code, never made
     * from a value.
     */
    public static String script(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(Arrays.asList(args));
        return command(argv);
    }
}

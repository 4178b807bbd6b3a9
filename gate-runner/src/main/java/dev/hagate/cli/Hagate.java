package dev.hagate.cli;

import dev.hagate.deploy.DeploymentException;
import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.LabException;
import dev.hagate.topology.HostInterfaces;
import dev.hagate.vote.ExitCodes;
import dev.hagate.yaml.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code hagate} command. Exit codes: 0 pass, 1 fail, 2 bad input, 3 infrastructure, 4 runner defect (see
 * the README). A runner defect is one line on standard error, then its stack trace there too.
 */
@Command(name = "hagate", mixinStandardHelpOptions = true, versionProvider = HagateVersion.class,
        description = "HA regression gate for OpenStack: builds a lab, deploys the change, breaks things, votes.",
        subcommands = {RunCommand.class, LabCommand.class, ScenariosCommand.class, ReportCommand.class,
                ImageCommand.class, CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario held its SLAs (Verified +1)",
                "1:a scenario failed its SLAs, or the change broke deployment (Verified -1)",
                "2:bad input: command line, topology or scenario file (no vote)",
                "3:infrastructure failure: the lab broke (no vote, retry)",
                "4:runner defect: a bug or an Error (out of memory, stack overflow) in hagate itself (no vote, no retry)"})
public final class Hagate {

    /** The first {@link Error} that ended a thread other than the command's own; the exit is then 4 whatever the verdict. */
    private static final AtomicReference<Throwable> ERROR_IN_ANOTHER_THREAD = new AtomicReference<>();

    /** slf4j-simple reads it once, when the first logger is made: no library has made one while options are parsed. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log the libraries (Testcontainers, docker-java, the AMQP client) at debug level on standard"
                    + " error; without it only their warnings and errors show.")
    void verbose(boolean verbose) {
        if (verbose) {
            System.setProperty(LOG_LEVEL_PROPERTY, "debug");
        }
    }

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler(Hagate::threadEnded);
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs the command, mapping whatever it throws to an exit code. An {@link Error} (out of memory, stack
     * overflow), here or in any other thread, is a runner defect: never a vote, never a retry.
     */
    static int execute(CommandLine cli, String... args) {
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable e) {
            // Errors pass through picocli; the lab was torn down by the `finally` blocks they went through.
            code = reportDefect(cli.getErr(), e);
        }
        Throwable elsewhere = ERROR_IN_ANOTHER_THREAD.getAndSet(null);
        if (elsewhere != null && code != ExitCodes.RUNNER_DEFECT) {
            cli.getErr().println("hagate: runner defect (exit 4, no vote, no retry): a thread ended with " + elsewhere
                    + "; its stack trace is above");
            code = ExitCodes.RUNNER_DEFECT;
        }
        return code;
    }

    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line with its option defaults from {@code environment} (see {@link EnvironmentDefaults}). */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = configure(new CommandLine(new Hagate()));
        cli.setDefaultValueProvider(new EnvironmentDefaults(environment));
        return cli;
    }

    /** The exit codes and messages every hagate command has. */
    static CommandLine configure(CommandLine cli) {
        cli.setExitCodeExceptionMapper(Hagate::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInputException bad) {
                bad.problems().forEach(p -> commandLine.getErr().println("hagate: " + p));
            } else if (e instanceof LabException) {
                commandLine.getErr().println("hagate: the lab broke: " + e.getMessage() + " (no vote)");
            } else if (e instanceof DeploymentException) {
                // Outside a run (lab up): the deployment templates or the change's code did not deploy.
                commandLine.getErr().println("hagate: the deployment failed: " + e.getMessage());
            } else if (exitCode(e) == ExitCodes.INFRASTRUCTURE) {
                commandLine.getErr().println("hagate: this machine failed: " + e.getMessage() + " (no vote)");
            } else {
                return reportDefect(commandLine.getErr(), e);
            }
            return exitCode(e);
        });
        // Usage mistakes are bad input too.
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("hagate: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return ExitCodes.BAD_INPUT;
        });
        return cli;
    }

    /**
     * Bad input is 2; a deployment that failed outside a run ({@code lab up}) is 1, as it would be the change's in a run; the lab or this machine's I/O failing (disk full, a file that cannot be written) is 3;
     * anything else was not expected, so it is a defect of the runner: 4.
     */
    private static int exitCode(Throwable e) {
        if (e instanceof BadInputException) {
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof DeploymentException) {
            return ExitCodes.FAIL;
        }
        if (e instanceof LabException || e instanceof IOException || e instanceof UncheckedIOException) {
            return ExitCodes.INFRASTRUCTURE;
        }
        return ExitCodes.RUNNER_DEFECT;
    }

    /** One line saying what happened and where its details are, then the stack trace: on standard error. */
    private static int reportDefect(PrintWriter err, Throwable e) {
        try {
            err.println("hagate: runner defect (exit 4, no vote, no retry): " + e + firstFrame(e)
                    + "; its stack trace follows, please report it");
            e.printStackTrace(err);
            err.flush();
        } catch (Throwable ignored) {
            // Out of memory again while printing: the exit code still says what happened.
        }
        return ExitCodes.RUNNER_DEFECT;
    }

    private static String firstFrame(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "" : " at " + trace[0];
    }

    /** An Error ending another thread (a probe's, a drain's) is kept for the exit code; it is printed at once. */
    static void threadEnded(Thread thread, Throwable e) {
        if (e instanceof Error) {
            ERROR_IN_ANOTHER_THREAD.compareAndSet(null, e);
        }
        System.err.println("hagate: thread " + thread.getName() + " ended with " + e);
        e.printStackTrace(System.err);
    }

    /** The project's root: {@code HAGATE_HOME} as the launcher sets it, else the working directory. */
    static Path home() {
        String home = System.getenv("HAGATE_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /**
     * What a lab about to be built here must keep clear of: this machine's interfaces and their networks. When
     * the state directory holds a lab already, its bridge is among them, and that lab decides first: it is busy
     * (exit 3), or abandoned and removed before the new one is built, which then checks each name is free.
     */
    static HostInterfaces interfacesToKeepClearOf(LabDirectory dir) {
        return dir.inUse() ? HostInterfaces.none() : HostInterfaces.ofThisMachine();
    }

    static Path defaultTopology() {
        return home().resolve("lab-topology/embedded.yaml");
    }

    static Path scenariosDir() {
        return home().resolve("scenarios");
    }
}

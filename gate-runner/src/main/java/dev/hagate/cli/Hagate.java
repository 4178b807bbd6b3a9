package dev.hagate.cli;

import dev.hagate.lab.LabDirectory;
import dev.hagate.lab.LabException;
import dev.hagate.topology.HostInterfaces;
import dev.hagate.vote.ExitCodes;
import dev.hagate.yaml.BadInputException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hagate} command. Exit codes: 0 pass, 1 fail, 2 bad input, 3 infrastructure (see the README). */
@Command(name = "hagate", mixinStandardHelpOptions = true, version = "hagate 0.1.0",
        description = "HA regression gate for OpenStack: builds a lab, deploys the change, breaks things, votes.",
        subcommands = {RunCommand.class, LabCommand.class, ScenariosCommand.class, ReportCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scenario held its SLAs (Verified +1)",
                "1:a scenario failed its SLAs, or the change broke deployment (Verified -1)",
                "2:bad input: command line, topology or scenario file (no vote)",
                "3:infrastructure failure: the lab broke (no vote, retry)"})
public final class Hagate {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Hagate());
        cli.setExitCodeExceptionMapper(Hagate::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInputException bad) {
                bad.problems().forEach(p -> commandLine.getErr().println("hagate: " + p));
            } else if (e instanceof LabException) {
                commandLine.getErr().println("hagate: the lab broke: " + e.getMessage() + " (no vote)");
            } else {
                commandLine.getErr().println("hagate: internal error (no vote); please report it:");
                e.printStackTrace(commandLine.getErr());
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

    private static int exitCode(Throwable e) {
        return e instanceof BadInputException ? ExitCodes.BAD_INPUT : ExitCodes.INFRASTRUCTURE;
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

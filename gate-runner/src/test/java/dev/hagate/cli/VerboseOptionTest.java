package dev.hagate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerboseOptionTest {

    private String before;

    @BeforeEach
    void keepTheLogLevel() {
        before = System.clearProperty(Hagate.LOG_LEVEL_PROPERTY);
    }

    @AfterEach
    void restoreTheLogLevel() {
        if (before == null) {
            System.clearProperty(Hagate.LOG_LEVEL_PROPERTY);
        } else {
            System.setProperty(Hagate.LOG_LEVEL_PROPERTY, before);
        }
    }

    @Test
    void verboseBeforeOrAfterTheCommandSetsTheDefaultLogLevelToDebug() {
        Hagate.commandLine().parseArgs("--verbose", "scenarios", "list");
        assertThat(System.getProperty(Hagate.LOG_LEVEL_PROPERTY)).isEqualTo("debug");

        System.clearProperty(Hagate.LOG_LEVEL_PROPERTY);
        Hagate.commandLine().parseArgs("lab", "check", "--verbose");
        assertThat(System.getProperty(Hagate.LOG_LEVEL_PROPERTY)).isEqualTo("debug");
    }

    @Test
    void withoutVerboseTheLevelIsLeftToSimpleloggerProperties() {
        Hagate.commandLine().parseArgs("scenarios", "list");
        assertThat(System.getProperty(Hagate.LOG_LEVEL_PROPERTY)).isNull();
    }

    @Test
    void helpSaysWhatVerboseDoesOnEveryCommand() {
        for (String[] command : new String[][] {{"--help"}, {"run", "--help"}, {"lab", "up", "--help"}}) {
            CommandLine cli = Hagate.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(command)).isZero();
            assertThat(out.toString().replaceAll("\\s+", " ")).as(String.join(" ", command))
                    .contains("--verbose Log the libraries (Testcontainers, docker-java, the AMQP client) at debug level");
        }
    }
}

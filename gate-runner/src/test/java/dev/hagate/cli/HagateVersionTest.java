package dev.hagate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HagateVersionTest {

    @Test
    void theVersionIsTheOneInTheJarsManifest() {
        assertThat(HagateVersion.line("0.1.0-SNAPSHOT")).isEqualTo("hagate 0.1.0-SNAPSHOT");
    }

    @Test
    void classesRunOutsideTheJarSayTheirVersionIsUnknownRatherThanMakeOneUp() {
        assertThat(HagateVersion.line(null)).isEqualTo("hagate (version unknown: not run from hagate.jar)");
    }

    @Test
    void dashDashVersionPrintsTheVersionLineAndExitsZero() {
        CommandLine cli = Hagate.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("--version")).isZero();
        // The unit tests run from target/classes: no manifest.
        assertThat(out.toString().trim()).isEqualTo(HagateVersion.line(Hagate.class.getPackage().getImplementationVersion()));
        assertThat(out.toString()).startsWith("hagate ");
    }
}

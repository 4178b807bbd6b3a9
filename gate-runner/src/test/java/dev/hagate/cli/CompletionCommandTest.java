package dev.hagate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CompletionCommandTest {

    @Test
    void theScriptCompletesEveryCommandAndItsOptions() {
        CommandLine cli = Hagate.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("completion")).isZero();
        String script = out.toString();
        assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_hagate -o default hagate");
        // Subcommands at each level, and the options of a nested one.
        assertThat(script).contains("run", "lab", "scenarios", "report", "completion", "validate", "check");
        assertThat(script).contains("function _picocli_hagate_lab_up()").contains("--no-deploy");
        assertThat(script).contains("function _picocli_hagate_run()").contains("--keep-lab", "--plan", "--topology");
    }
}

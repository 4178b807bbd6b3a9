package dev.hagate.cli;

import dev.hagate.vote.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the bash completion script of hagate's commands and options (also works in zsh after"
                + " `autoload -U +X bashcompinit && bashcompinit`); see the README for installing it.")
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Generated from the command tree itself, so it never lags behind a new command or option.
        spec.commandLine().getOut().print(AutoComplete.bash("hagate", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.PASS;
    }
}

package dev.hagate.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options a CI agent or an operator's shell may set once for every command: {@code HAGATE_TOPOLOGY} for
 * {@code --topology}, {@code HAGATE_REPORTS} for {@code --reports}. An option given on the command line wins;
 * an empty variable (a CI job's unset parameter) counts as not set.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    /** Each option's long name and the variable giving its default. */
    static final Map<String, String> VARIABLES = Map.of("--topology", "HAGATE_TOPOLOGY", "--reports", "HAGATE_REPORTS");

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || !VARIABLES.containsKey(option.longestName())) {
            return null;
        }
        String value = environment.get(VARIABLES.get(option.longestName()));
        return value == null || value.isBlank() ? null : value;
    }
}

package dev.hagate.cli;

import dev.hagate.report.CiBuild;
import picocli.CommandLine.Option;

/** The options a CI job names its build with, for the reports' links and executor (see {@link CiBuild}). */
final class CiBuildOptions {

    @Option(names = "--ci", paramLabel = "NAME", description = "The CI system running this build (Jenkins, Zuul), for the reports. Default: a local run.")
    String system;

    @Option(names = "--ci-url", paramLabel = "URL", description = "The CI system's page (the Jenkins server, the Zuul tenant).")
    String url;

    @Option(names = "--build-name", paramLabel = "NAME", description = "The CI build's name.")
    String buildName;

    @Option(names = "--build-number", paramLabel = "N", description = "The CI build's number (orders the report's trends).")
    Long buildNumber;

    @Option(names = "--build-url", paramLabel = "URL", description = "The CI build's page; the reports link to it.")
    String buildUrl;

    @Option(names = "--change-url", paramLabel = "URL", description = "The change under test on its review system; the reports link to it.")
    String changeUrl;

    CiBuild build() {
        CiBuild given = new CiBuild(blankToNull(system), blankToNull(url), blankToNull(buildName), buildNumber,
                blankToNull(buildUrl), blankToNull(changeUrl));
        if (given.equals(CiBuild.LOCAL) || given.system() != null) {
            return given;
        }
        // A build named without its system is still a CI build; "CI" says no more than was given.
        return new CiBuild("CI", given.url(), given.buildName(), given.buildNumber(), given.buildUrl(), given.changeUrl());
    }

    /** CI jobs pass variables that may be empty (a periodic build has no change), which means not given. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

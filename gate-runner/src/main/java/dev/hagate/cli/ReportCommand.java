package dev.hagate.cli;

import dev.hagate.lab.ExecResult;
import dev.hagate.lab.HostCommand;
import dev.hagate.lab.LabException;
import dev.hagate.vote.ExitCodes;
import dev.hagate.yaml.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Turn a run's Allure results into the HTML report, keeping the previous report's history for trends.")
final class ReportCommand implements Callable<Integer> {

    private static final Duration GENERATE_TIMEOUT = Duration.ofMinutes(5);

    @Option(names = "--results", paramLabel = "DIR", description = "Allure results (default: reports/latest/allure-results).")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the HTML goes (default: reports/allure-report).")
    Path out;

    @Option(names = "--open", description = "Print where the HTML is and how to serve it.")
    boolean open;

    @Override
    public Integer call() throws IOException {
        Path in = results == null ? Hagate.home().resolve("reports/latest/allure-results") : results;
        Path html = out == null ? Hagate.home().resolve("reports/allure-report") : out;
        if (!Files.isDirectory(in)) {
            throw new BadInputException(in + ": no Allure results there; run `hagate run` first or pass --results DIR");
        }
        carryHistory(html.resolve("history"), in.resolve("history"));
        Path allure = allureCommand();
        // Without this the report embeds a third-party analytics script: reports must not call out.
        Map<String, String> noAnalytics = Map.of("ALLURE_NO_ANALYTICS", "true");
        ExecResult generated = HostCommand.exec(List.of(allure.toString(), "generate", "--clean", "-o", html.toString(),
                in.toString()), noAnalytics, GENERATE_TIMEOUT);
        if (!generated.ok()) {
            throw new LabException("allure generate failed: " + generated.lastErrorLine());
        }
        System.out.println("report: " + html.resolve("index.html"));
        if (open) {
            // The report loads its data with XHR, which browsers refuse from file:// pages: it must be served.
            System.out.println("serve it:  " + allure + " open " + html + "   (or any static web server on that directory)");
        }
        return ExitCodes.PASS;
    }

    /** Trends need the previous report's history inside the new results before generating. */
    static void carryHistory(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The Allure command line the build unpacked next to the runner. */
    static Path allureCommand() {
        Path dir = Hagate.home().resolve("gate-runner/target/allure");
        try (Stream<Path> versions = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin/allure")).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new LabException("the Allure command line is missing under " + dir
                            + "; build the runner (mvn package) to unpack it"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

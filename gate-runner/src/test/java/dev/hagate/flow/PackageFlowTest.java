package dev.hagate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The flow of docs/DESIGN.md holds in the code: a package uses only packages that stand earlier in it, so
 * nothing calls back up the chain. Read from the sources: imports and fully qualified names in code.
 */
class PackageFlowTest {

    /** Each package's place in the flow; packages of one place (fault and probe) may not use each other. */
    private static final Map<String, Integer> PLACE = Map.ofEntries(
            Map.entry("wait", 0), Map.entry("yaml", 0),
            Map.entry("topology", 1), Map.entry("lab", 2), Map.entry("history", 3), Map.entry("deploy", 4),
            Map.entry("fault", 5), Map.entry("probe", 5), Map.entry("check", 6), Map.entry("scenario", 7),
            Map.entry("vote", 8), Map.entry("report", 9), Map.entry("cli", 10));
    private static final Pattern USE = Pattern.compile("\\bdev\\.hagate\\.([a-z]+)\\.");
    private static final Path SOURCES = Path.of("src/main/java/dev/hagate");

    @Test
    void noPackageUsesOneThatStandsLaterInTheFlow() throws IOException {
        List<String> backwards = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String own = SOURCES.relativize(file).getName(0).toString();
                assertThat(PLACE).as("the place of package %s in the flow", own).containsKey(own);
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                        continue;
                    }
                    Matcher m = USE.matcher(line);
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(own) && PLACE.containsKey(used) && PLACE.get(used) >= PLACE.get(own)) {
                            backwards.add(file + ":" + (i + 1) + ": " + own + " uses " + used);
                        }
                    }
                }
            }
        }
        assertThat(backwards).as("uses against the flow").isEmpty();
    }
}

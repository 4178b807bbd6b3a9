package dev.hagate.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hagate.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading input files: what is not a small YAML file of well-formed fields is bad input, never a crash. */
class YamlFileTest {

    record Item(String name, Duration every) {}

    /** @param limit any value, as a check's limit is */
    record Sample(String name, Integer port, Duration hold, List<Item> items, Object limit) {}

    @TempDir
    Path dir;

    private List<String> problems(Path file) {
        return catchThrowableOfType(BadInputException.class, () -> YamlFile.read(file, Sample.class)).problems();
    }

    private List<String> problems(String yaml) {
        return problems(TestFiles.write(dir, "s.yaml", yaml));
    }

    @Test
    void aWellFormedFileBinds() {
        Sample s = YamlFile.read(TestFiles.write(dir, "s.yaml", "name: a\nhold: 24h\nitems: [{name: b, every: 500ms}]\n"),
                Sample.class).value();
        assertThat(s.hold()).isEqualTo(Duration.ofHours(24));
        assertThat(s.items()).containsExactly(new Item("b", Duration.ofMillis(500)));
    }

    @Test
    void aFieldGivenTwiceIsAnErrorAtItsSecondPlaceNotTheLastOneWinning() {
        assertThat(problems("""
                name: a
                hold: 5s
                name: b
                """)).containsExactly(dir.resolve("s.yaml") + ":3:1: name: given twice (first at line 1); each field may appear once");
    }

    @Test
    void aFieldGivenTwiceInsideAListNamesItsPath() {
        assertThat(problems("""
                name: a
                items:
                  - name: b
                    every: 1s
                    every: 2s
                """)).containsExactly(dir.resolve("s.yaml") + ":5:5: items[0].every: given twice (first at line 4);"
                + " each field may appear once");
    }

    @Test
    void durationsThatOverflowAreRejectedWithTheLongestAllowed() {
        for (String overflowing : List.of("99999999999999999999s", "9999999999999999h", "9999999999999999s", "25h", "86400001ms")) {
            assertThat(problems("name: a\nhold: " + overflowing + "\n")).as(overflowing)
                    .containsExactly(dir.resolve("s.yaml") + ":2:1: hold: expected a duration of at most 24h, got '" + overflowing + "'");
        }
    }

    @Test
    void aNumberTooLargeForItsFieldIsBadInputNamingTheField() {
        assertThat(problems("name: a\nport: 99999999999\n")).singleElement().asString()
                .startsWith(dir.resolve("s.yaml") + ":2:1: port: Numeric value (99999999999) out of range of int");
    }

    @Test
    void aFileNestedDeeperThanAnyInputNeedsIsBadInputNotAStackOverflow() {
        for (String nested : List.of("[".repeat(200_000) + "]".repeat(200_000), "{a: ".repeat(5000) + "1" + "}".repeat(5000))) {
            for (String field : List.of("limit", "hold")) {
                assertThat(problems("name: x\n" + field + ": " + nested + "\n")).singleElement().asString()
                        .startsWith(dir.resolve("s.yaml") + ":2:").contains(": " + field)
                        .endsWith(": nested deeper than 64 levels; no input file needs that");
            }
        }
    }

    @Test
    void aFileOverOneMebibyteIsRejectedWithoutReadingItAll() throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "name: a\n# " + "x".repeat(YamlFile.LARGEST_FILE_BYTES) + "\n");
        assertThat(problems(big)).containsExactly(big + ": larger than 1 MiB; expected a YAML file of at most 1048576 bytes");
    }

    @Test
    void aDeviceOrADirectoryIsNotAnInputFile() {
        assertThat(problems(Path.of("/dev/zero")))
                .containsExactly("/dev/zero: not a regular file (a directory, device or pipe); expected a YAML file");
        assertThat(problems(dir)).containsExactly(dir + ": not a regular file (a directory, device or pipe); expected a YAML file");
    }

    @Test
    void aFileThatIsNotUtf8IsBadInput() throws Exception {
        Path binary = dir.resolve("b.yaml");
        Files.write(binary, new byte[] {'n', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThat(problems(binary)).containsExactly(binary + ": not UTF-8 text; expected a YAML file");
    }
}

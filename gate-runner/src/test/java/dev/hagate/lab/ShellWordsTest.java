package dev.hagate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void everyArgumentStaysOneWordWhateverItHolds() throws Exception {
        String hostile = "x'; touch /tmp/owned; echo '$(id) `id` \"q\"";
        String line = ShellWords.command("printf", "%s\\n", hostile, "two words");
        Process p = new ProcessBuilder("sh", "-c", line).start();
        assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo(hostile + "\ntwo words\n");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void aScriptGetsItsValuesAsPositionalParametersNeverAsText() throws Exception {
        String line = ShellWords.script("printf '%s|%s' \"$1\" \"$2\"", "10.0.0.1; reboot", "$(id)");
        Process p = new ProcessBuilder("sh", "-c", line).start();
        assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("10.0.0.1; reboot|$(id)");
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThatThrownBy(() -> ShellWords.command(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

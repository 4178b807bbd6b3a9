package dev.hagate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files, for tests that check them, and scratch files written from text. */
public final class TestFiles {

    private TestFiles() {}

    /** The repository root (tests run with the module as working directory). */
    public static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("lab-topology")) ? here : here.getParent();
    }

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.stripIndent());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hagate.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a lab makes on the runner's machine for its nodes: keys, configuration, boot scripts. */
final class NodeFiles {

    private NodeFiles() {}

    /** An ed25519 key pair without a passphrase at {@code path} (and {@code path}.pub). */
    static void generateKey(Path path, String comment) {
        createParent(path);
        HostCommand.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path.toString());
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        createParent(file);
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

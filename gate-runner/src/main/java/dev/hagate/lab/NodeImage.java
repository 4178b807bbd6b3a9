package dev.hagate.lab;

import dev.hagate.topology.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The node image of one Debian release: a tree made by debootstrap with the lab's packages ({@link #packages}),
 * built by {@code scripts/build-node-image} when its inputs changed since it was last built, and cached. Every
 * local lab runs it: an embedded node's root is an overlay over {@link #rootfs()}, the container lab imports it.
 * The builder's progress goes to this process's standard error.
 *
 * @param dir the image's directory: {@code rootfs/} and {@code versions.txt}
 */
public record NodeImage(Path dir) {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    /** Relative to the project's home: the packages the lab itself needs on every node. */
    static final String BASE_PACKAGES = "lab-topology/packages.txt";

    /** The image's tree, the lower layer of every node's root. */
    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    /** Builds (or finds cached) the tree of {@code release}. */
    public static NodeImage of(String release) {
        return new NodeImage(Path.of(build(release, false)));
    }

    /** Builds (or finds cached) the image of {@code release} imported into Podman, and returns its name. */
    public static String podman(String release) {
        return build(release, true);
    }

    /**
     * The packages of every node, whatever it runs: those the lab itself needs on a node
     * ({@code lab-topology/packages.txt}: SSH, addresses, process control, Tempest) and those of every service
     * ({@link Service.Catalog#packages}), sorted, each once. A service's packages come with its component, so
     * adding a service never means editing a package list.
     */
    public static List<String> packages() {
        Path list = home().resolve(BASE_PACKAGES);
        Set<String> packages = new TreeSet<>(Service.Catalog.installed().packages());
        try {
            Files.readAllLines(list).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(name -> !name.isEmpty())
                    .forEach(packages::add);
        } catch (IOException e) {
            throw new LabException("cannot read the nodes' packages from " + list + ": " + e.getMessage(), e);
        }
        return List.copyOf(packages);
    }

    private static Path home() {
        String home = System.getenv("HAGATE_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home);
    }

    private static String build(String release, boolean podman) {
        Path builder = home().resolve("scripts/build-node-image");
        if (!Files.isExecutable(builder)) {
            throw new LabException("cannot build the node image: " + builder + " is missing (set HAGATE_HOME)");
        }
        List<String> command = new ArrayList<>(List.of(builder.toString(), "--release", release, "--packages", "-"));
        if (podman) {
            command.add("--podman");
        }
        String packages = String.join("\n", packages()) + "\n";
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(packages.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new LabException("the " + release + " node image was not built within " + BUILD_TIMEOUT.toMinutes() + " minutes");
            }
            if (process.exitValue() != 0 || out.isEmpty()) {
                throw new LabException("building the " + release + " node image failed (exit " + process.exitValue()
                        + "; see its output above)");
            }
            return out.lines().reduce((a, b) -> b).orElseThrow();
        } catch (IOException e) {
            throw new LabException("cannot run " + builder + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while building the " + release + " node image", e);
        }
    }
}

package dev.hagate.deploy.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner runs from a jar (the shaded {@code hagate.jar}), which may hold no directory entries: the
 * components are found there too.
 */
class ComponentsInAJarTest {

    @TempDir
    Path dir;

    @Test
    void theComponentsAreFoundInAJarWithoutDirectoryEntries() throws Exception {
        Path classes = Path.of(Components.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("hagate.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        List<URL> path = new ArrayList<>(List.of(jar.toUri().toURL()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                path.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> components = Class.forName(Components.class.getName(), true, loader);
            assertThat(components.getProtectionDomain().getCodeSource().getLocation().toString()).endsWith("hagate.jar");
            Map<?, ?> all = (Map<?, ?>) components.getMethod("all").invoke(null);
            assertThat(all.keySet()).extracting(Object::toString)
                    .containsExactly("galera", "memcached", "rabbitmq", "haproxy", "keepalived", "keystone", "neutron-server",
                            "neutron-ovs-agent", "neutron-l3-agent", "neutron-client");
        }
    }
}

package dev.hagate.deploy.component;

import dev.hagate.topology.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every component of this package, one per service, found by scanning the package on the class path (a
 * directory of classes or a jar): adding a service is adding its class, nothing registers it. It is also the
 * {@link Service.Catalog} the topology loader asks which services exist (through {@code META-INF/services}, so
 * that {@code topology} does not import this package, which stands later in the flow).
 */
public final class Components implements Service.Catalog {

    private static final String PACKAGE = Components.class.getPackageName();
    /** Found once: the class path does not change while the runner runs. */
    private static final Map<Service, Component> ALL = inOrder(scan());

    /** For {@link java.util.ServiceLoader}; every instance gives the same components. */
    public Components() {
    }

    /** Every component, each after those it depends on ({@link #inOrder}). */
    public static Map<Service, Component> all() {
        return ALL;
    }

    @Override
    public Set<Service> known() {
        return ALL.keySet();
    }

    @Override
    public Set<Service> needs(Service service) {
        Component component = ALL.get(service);
        return component == null ? Set.of() : component.dependsOn();
    }

    @Override
    public Set<String> packages() {
        Set<String> packages = new TreeSet<>();
        ALL.values().forEach(component -> packages.addAll(component.packages()));
        return Collections.unmodifiableSet(packages);
    }

    /**
     * {@code components} ordered so that each comes after every one it {@linkplain Component#dependsOn depends
     * on} among them (services not among them are left out): by depth (those that depend on nothing first, then those that
     * depend only on them, ...), then by id, so the order is the same every run. A reset and a health
     * examination go through them in this order: Galera, then RabbitMQ, then what stands on them.
     *
     * @throws IllegalStateException for dependencies that form a cycle, a defect of the components
     */
    public static Map<Service, Component> inOrder(Collection<Component> components) {
        Map<Service, Component> byService = new TreeMap<>();
        for (Component c : components) {
            if (byService.put(c.service(), c) != null) {
                throw new IllegalStateException("two components for the service " + c.service());
            }
        }
        Map<Service, Integer> depth = new HashMap<>();
        byService.keySet().forEach(service -> depth(service, byService, depth, new LinkedHashSet<>()));
        Map<Service, Component> ordered = new LinkedHashMap<>();
        byService.keySet().stream()
                .sorted(Comparator.comparing((Service s) -> depth.get(s)).thenComparing(Service::id))
                .forEach(s -> ordered.put(s, byService.get(s)));
        return Collections.unmodifiableMap(ordered);
    }

    /** 0 for a component that depends on none of the others, else one more than its deepest dependency. */
    private static int depth(Service service, Map<Service, Component> components, Map<Service, Integer> known,
                             Set<Service> visiting) {
        Integer seen = known.get(service);
        if (seen != null) {
            return seen;
        }
        if (!visiting.add(service)) {
            throw new IllegalStateException("the components " + visiting + " depend on each other");
        }
        int depth = 0;
        for (Service dependency : components.get(service).dependsOn()) {
            if (components.containsKey(dependency)) {
                depth = Math.max(depth, 1 + depth(dependency, components, known, visiting));
            }
        }
        visiting.remove(service);
        known.put(service, depth);
        return depth;
    }

    private static List<Component> scan() {
        List<Component> found = new ArrayList<>();
        for (String name : classNames()) {
            Class<?> type;
            try {
                type = Class.forName(name, false, Components.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load " + name + ", found in " + PACKAGE, e);
            }
            if (Component.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())
                    && Modifier.isPublic(type.getModifiers()) && type.getEnclosingClass() == null) {
                try {
                    found.add((Component) type.getConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("the component " + name + " needs a public constructor without arguments", e);
                }
            }
        }
        return found;
    }

    /**
     * The top-level classes of this package, in the directory or jar this class was loaded from (found through
     * this class's own file, which every kind of class path entry holds, even a jar without directory entries).
     */
    private static Set<String> classNames() {
        Set<String> names = new TreeSet<>();
        String dir = PACKAGE.replace('.', '/');
        URL self = Components.class.getResource(Components.class.getSimpleName() + ".class");
        try {
            if (self != null && self.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) self.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(JarEntry::getName)
                            .filter(e -> e.startsWith(dir + "/") && e.indexOf('/', dir.length() + 1) < 0)
                            .map(e -> e.substring(dir.length() + 1))
                            .forEach(file -> addClass(names, file));
                }
            } else if (self != null && self.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Path.of(self.toURI()).getParent())) {
                    files.map(p -> p.getFileName().toString()).forEach(file -> addClass(names, file));
                }
            } else {
                throw new IllegalStateException("cannot list the classes of " + PACKAGE + " from " + self);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of " + PACKAGE, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the classes of " + PACKAGE, e);
        }
        return names;
    }

    private static void addClass(Set<String> names, String file) {
        if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
            names.add(PACKAGE + "." + file.substring(0, file.length() - ".class".length()));
        }
    }
}

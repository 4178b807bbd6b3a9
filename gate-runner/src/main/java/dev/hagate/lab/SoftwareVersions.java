package dev.hagate.lab;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the cloud runs, asked of a node the way an operator would ({@code /etc/os-release}, {@code dpkg-query}):
 * the Debian release and the versions of the main packages. The same question on every lab kind, so the
 * reports name what was really under test, whether it came from a node image or a machine's own packages.
 */
public final class SoftwareVersions {

    /** The packages the reports name, by the name readers know them by. */
    static final Map<String, String> PACKAGES = packages();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private SoftwareVersions() {}

    private static Map<String, String> packages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mariadb", "mariadb-server");
        m.put("galera", "galera-4");
        m.put("rabbitmq", "rabbitmq-server");
        m.put("erlang", "erlang-base");
        m.put("haproxy", "haproxy");
        m.put("keepalived", "keepalived");
        m.put("keystone", "keystone");
        m.put("neutron", "python3-neutron");
        m.put("openvswitch", "openvswitch-switch");
        m.put("python", "python3");
        m.put("tempest", "tempest");
        return m;
    }

    /**
     * @return {@code release} (the Debian codename) and one entry per package installed on {@code node}, its
     *         Debian version without epoch; packages not installed there are left out
     * @throws LabException when the node cannot be asked
     */
    public static Map<String, String> of(NodeShell node) {
        String out = node.run(". /etc/os-release && echo \"release=$VERSION_CODENAME\" && dpkg-query -W -f='${Package}=${Version}\\n' "
                + String.join(" ", PACKAGES.values()) + " 2>/dev/null; true", TIMEOUT);
        return parse(out);
    }

    static Map<String, String> parse(String out) {
        Map<String, String> installed = out.lines().filter(l -> l.contains("=")).collect(Collectors.toMap(
                l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> a));
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("release", installed.getOrDefault("release", "unknown"));
        PACKAGES.forEach((name, pkg) -> {
            String version = installed.get(pkg);
            if (version != null && !version.isEmpty()) {
                versions.put(name, version.replaceFirst("^\\d+:", ""));
            }
        });
        return versions;
    }

    /** One line for the console: {@code Debian trixie: mariadb 11.8.9+ds-0+deb13u1, ...}. */
    public static String describe(Map<String, String> versions) {
        List<String> parts = versions.entrySet().stream().filter(e -> !e.getKey().equals("release"))
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        return "Debian " + versions.getOrDefault("release", "unknown") + ": " + String.join(", ", parts);
    }
}

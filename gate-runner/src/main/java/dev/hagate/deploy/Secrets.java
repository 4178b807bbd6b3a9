package dev.hagate.deploy;

import dev.hagate.deploy.component.Component;
import dev.hagate.deploy.component.Components;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The passwords a deployer makes for itself, new for every run (a deployment again within the run, on the
 * same lab or a fresh one, keeps them): nothing is shared between runs and nothing secret is in the
 * repository. Each is named by the components that use it ({@link Component#secrets}); templates see them as
 * {@code {{secrets.<name>}}}. {@link #toString} names no value.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A new password for every secret some component names. */
    public static Secrets generate() {
        return generate(Components.all().values().stream().flatMap(c -> c.secrets().stream()).toList());
    }

    /** A new password for each of {@code names} (a name given twice is one secret). */
    public static Secrets generate(Collection<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        names.forEach(name -> values.computeIfAbsent(name, n -> random()));
        return new Secrets(values);
    }

    /**
     * The secret {@code name}.
     *
     * @throws IllegalArgumentException when no component named it, a defect of the component asking
     */
    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no secret '" + name + "'; the component using it must name it in secrets()");
        }
        return value;
    }

    /** The names templates use: {@code {{secrets.keystone_database}}} and so on. */
    public Map<String, String> asTemplateVariables() {
        return values;
    }

    private static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "Secrets[" + String.join(", ", values.keySet()) + "]";
    }
}

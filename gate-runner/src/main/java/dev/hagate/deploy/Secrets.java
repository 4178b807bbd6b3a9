package dev.hagate.deploy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The passwords a deployer makes for itself, new for every run (a deployment again within the run, on the
 * same lab or a fresh one, keeps them): nothing is shared between runs and nothing secret is in the
 * repository. {@link #toString} names no value.
 *
 * @param probeDatabase  the probes' database account ({@code hagate})
 * @param keystoneDatabase Keystone's database account
 * @param messaging      the RabbitMQ password of Keystone's and the probes' accounts
 * @param erlangCookie   shared by every RabbitMQ node: nodes with different cookies cannot cluster
 * @param admin          Keystone's {@code admin} user, made by {@code keystone-manage bootstrap}
 */
public record Secrets(String probeDatabase, String keystoneDatabase, String messaging, String erlangCookie, String admin) {

    public static Secrets generate() {
        return new Secrets(random(), random(), random(), random().toUpperCase(), random());
    }

    /** The names templates use: {@code {{secrets.keystone_database}}} and so on. */
    public Map<String, String> asTemplateVariables() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("probe_database", probeDatabase);
        vars.put("keystone_database", keystoneDatabase);
        vars.put("messaging", messaging);
        vars.put("admin", admin);
        return vars;
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "Secrets[" + String.join(", ", asTemplateVariables().keySet()) + ", erlang_cookie: masked]";
    }
}

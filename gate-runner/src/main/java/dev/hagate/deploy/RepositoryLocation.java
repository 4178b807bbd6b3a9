package dev.hagate.deploy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a change's repository is, as {@code --change} gave it, and what of it others may see. Credentials in a
 * URL ({@code https://user:token@host/repo}) are never shown: {@link #shown} and {@link #mask} replace them with
 * {@code ***}. Nor are they put on any command line, where every user of the machine could read them: git gets
 * the URL without them ({@link #forGit}), and a credential helper configured through the environment
 * ({@link #gitEnvironment}) hands them to git when the server asks. That helper replaces any the user has
 * configured, so none of those stores them either.
 *
 * @param given the repository as written: a local path, an scp-like {@code user@host:path} or a URL
 */
public record RepositoryLocation(String given) {

    /** The userinfo of any URL in a text: what {@link #mask} hides. */
    private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s]+@");
    /**
     * A URL with userinfo: scheme, userinfo (still percent-encoded; up to the authority's last '@', should a
     * password hold one unencoded), and the rest from the host on.
     */
    private static final Pattern URL_WITH_USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/]+)@([^/@]*(?:/.*)?)");
    /** Schemes whose credentials git asks a credential helper for. */
    private static final List<String> HELPED_SCHEMES = List.of("http", "https", "ftp", "ftps");
    static final String USERNAME_VARIABLE = "HAGATE_GIT_USERNAME";
    static final String PASSWORD_VARIABLE = "HAGATE_GIT_PASSWORD";
    /**
     * Answers git's {@code get} with the credentials from the environment; its command line names only the
     * variables. {@code printf} is a builtin of the shell, so no process is started with them either.
     */
    private static final String HELPER = "!f() { test \"$1\" = get || return 0; printf 'username=%s\\npassword=%s\\n' \"$"
            + USERNAME_VARIABLE + "\" \"$" + PASSWORD_VARIABLE + "\"; }; f";

    /** {@code text} with the credentials of every URL in it replaced by {@code ***}. */
    public static String mask(String text) {
        return text == null ? null : USERINFO.matcher(text).replaceAll("$1***@");
    }

    /** The location for messages and reports: credentials masked. */
    public String shown() {
        return mask(given);
    }

    /** Whether it is a URL or an scp-like {@code user@host:path} for git to clone, rather than a local path. */
    public boolean remote() {
        return given.contains("://") || given.matches("[^/]+@[^/]+:.*");
    }

    /**
     * The URL git is given: without credentials. For HTTP and FTP the user name goes too (it may be a token);
     * for other schemes (ssh) the user name stays, since it is how one logs in, and a password is dropped.
     */
    public String forGit() {
        Matcher m = URL_WITH_USERINFO.matcher(given);
        if (!m.matches()) {
            return given;
        }
        if (helped(m)) {
            return m.group(1) + "://" + m.group(3);
        }
        String user = m.group(2).contains(":") ? m.group(2).substring(0, m.group(2).indexOf(':')) : m.group(2);
        return m.group(1) + "://" + user + "@" + m.group(3);
    }

    /**
     * What git's environment needs for {@link #forGit} to authenticate as {@link #given} would: never to prompt,
     * and, when the URL holds credentials, the helper above with them in {@value #USERNAME_VARIABLE} and
     * {@value #PASSWORD_VARIABLE}. An HTTP URL without credentials gets the helper too when the runner's own
     * environment has {@value #PASSWORD_VARIABLE}: the way to keep them out of hagate's command line as well.
     * Configuration already given through {@code GIT_CONFIG_COUNT} is kept.
     */
    public Map<String, String> gitEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GIT_TERMINAL_PROMPT", "0");
        Matcher withUserinfo = URL_WITH_USERINFO.matcher(given);
        if (withUserinfo.matches() && helped(withUserinfo)) {
            String userinfo = withUserinfo.group(2);
            int colon = userinfo.indexOf(':');
            env.put(USERNAME_VARIABLE, percentDecoded(colon < 0 ? userinfo : userinfo.substring(0, colon)));
            env.put(PASSWORD_VARIABLE, colon < 0 ? "" : percentDecoded(userinfo.substring(colon + 1)));
        } else if (!(System.getenv(PASSWORD_VARIABLE) != null && HELPED_SCHEMES.stream().anyMatch(
                scheme -> given.toLowerCase(java.util.Locale.ROOT).startsWith(scheme + "://")))) {
            return env;
        }
        int first = configCount();
        // An empty helper drops every helper configured before it (a user's "store" would keep the password).
        env.put("GIT_CONFIG_KEY_" + first, "credential.helper");
        env.put("GIT_CONFIG_VALUE_" + first, "");
        env.put("GIT_CONFIG_KEY_" + (first + 1), "credential.helper");
        env.put("GIT_CONFIG_VALUE_" + (first + 1), HELPER);
        env.put("GIT_CONFIG_COUNT", String.valueOf(first + 2));
        return env;
    }

    private static boolean helped(Matcher urlWithUserinfo) {
        return HELPED_SCHEMES.contains(urlWithUserinfo.group(1).toLowerCase(java.util.Locale.ROOT));
    }

    private static int configCount() {
        String count = System.getenv("GIT_CONFIG_COUNT");
        return count != null && count.matches("\\d{1,4}") ? Integer.parseInt(count) : 0;
    }

    /** RFC 3986 percent-decoding ({@code +} stays a plus, unlike form decoding). */
    private static String percentDecoded(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && isHex(in[i + 1]) && isHex(in[i + 2])) {
                out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    @Override
    public String toString() {
        return shown();
    }
}

package dev.hagate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A git repository of Keystone made from Debian's packaged source in the default node image, the Keystone the
 * lab's nodes run (no git host is reachable from the lab),
 * with two commits: the package as it is, and on top of it a change that breaks Keystone behind a load
 * balancer. The bad commit keeps a process-local record of the tokens it issued and refuses to validate any
 * other: each Keystone process then accepts only its own tokens, so a token issued by one node is rejected by
 * the next, which HAProxy picks for the next request.
 *
 * @param base the commit of the packaged Keystone; the gate must vote +1 on it
 * @param bad  the commit that caches tokens only in-process; the gate must vote -1 on it
 */
record KeystoneRepository(Path path, String base, String bad) {

    static KeystoneRepository create(Path dir) throws Exception {
        Path repo = Hagate.packagedRepository(dir, "keystone");
        String base = Hagate.git(repo, "rev-parse", "HEAD").trim();

        Path provider = repo.resolve("keystone/token/provider.py");
        String source = Files.readString(provider);
        String mint = "        token.mint(token_id, issued_at)\n";
        int issue = source.lastIndexOf(mint);
        assertThat(issue).as("issue_token mints the token").isPositive();
        String validate = "            raise exception.TokenNotFound(_('No token in the request'))\n";
        assertThat(source).contains(validate).contains("\nMEMOIZE_TOKENS = ");
        String bad = source.substring(0, issue + mint.length()) + "        _ISSUED_HERE.add(token_id)\n"
                + source.substring(issue + mint.length());
        bad = bad.replace(validate, validate + "        if token_id not in _ISSUED_HERE:\n"
                + "            raise exception.TokenNotFound(token_id=token_id)\n");
        bad = bad.replace("\nMEMOIZE_TOKENS = ", "\n# Tokens this process issued: validation skips the backend for them.\n"
                + "_ISSUED_HERE = set()\n\nMEMOIZE_TOKENS = ");
        Files.writeString(provider, bad);
        Hagate.git(repo, "commit", "-q", "-a", "-m", "Validate tokens against an in-process record of those issued");
        return new KeystoneRepository(repo, base, Hagate.git(repo, "rev-parse", "HEAD").trim());
    }
}

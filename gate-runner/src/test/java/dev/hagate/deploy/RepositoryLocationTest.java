package dev.hagate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials in a repository URL: masked wherever shown, and kept off git's command line. */
class RepositoryLocationTest {

    @Test
    void credentialsAreMaskedInAnyTextThatHoldsTheUrl() {
        assertThat(RepositoryLocation.mask("--change keystone=https://alice:tok3n@review.example/keystone@v2"))
                .isEqualTo("--change keystone=https://***@review.example/keystone@v2");
        assertThat(RepositoryLocation.mask("fatal: unable to access 'https://tok3n@review.example/k/': 403"))
                .isEqualTo("fatal: unable to access 'https://***@review.example/k/': 403");
        assertThat(RepositoryLocation.mask("https://alice:p@ss@review.example/k")).isEqualTo("https://***@review.example/k");
        assertThat(RepositoryLocation.mask("keystone=/src/keystone@HEAD and git@review.example:keystone"))
                .isEqualTo("keystone=/src/keystone@HEAD and git@review.example:keystone");
    }

    @Test
    void gitGetsTheUrlWithoutCredentials() {
        assertThat(new RepositoryLocation("https://alice:tok3n@review.example:8443/keystone").forGit())
                .isEqualTo("https://review.example:8443/keystone");
        assertThat(new RepositoryLocation("https://alice:p@ss@review.example/k").forGit()).isEqualTo("https://review.example/k");
        assertThat(new RepositoryLocation("ssh://git:secret@review.example/keystone").forGit())
                .as("ssh keeps its user, loses the password").isEqualTo("ssh://git@review.example/keystone");
        assertThat(new RepositoryLocation("git@review.example:keystone").forGit()).isEqualTo("git@review.example:keystone");
        assertThat(new RepositoryLocation("/src/keystone").forGit()).isEqualTo("/src/keystone");
    }

    @Test
    void theCredentialsReachGitThroughAHelperReadingTheEnvironment() {
        Map<String, String> env = new RepositoryLocation("https://alice%40corp:p%40ss+w%3Ard@review.example/k").gitEnvironment();
        assertThat(env).containsEntry("HAGATE_GIT_USERNAME", "alice@corp").containsEntry("HAGATE_GIT_PASSWORD", "p@ss+w:rd")
                .containsEntry("GIT_TERMINAL_PROMPT", "0").containsEntry("GIT_CONFIG_COUNT", "2")
                .containsEntry("GIT_CONFIG_KEY_0", "credential.helper").containsEntry("GIT_CONFIG_VALUE_0", "")
                .containsEntry("GIT_CONFIG_KEY_1", "credential.helper");
        assertThat(env.get("GIT_CONFIG_VALUE_1")).startsWith("!f() {").contains("\"$HAGATE_GIT_PASSWORD\"")
                .doesNotContain("p@ss");
        assertThat(new RepositoryLocation("https://tok3n@review.example/k").gitEnvironment())
                .containsEntry("HAGATE_GIT_USERNAME", "tok3n").containsEntry("HAGATE_GIT_PASSWORD", "");
    }

    @Test
    void aLocationWithoutCredentialsOnlyForbidsPrompts() {
        assertThat(new RepositoryLocation("/src/keystone").gitEnvironment()).containsExactly(Map.entry("GIT_TERMINAL_PROMPT", "0"));
        assertThat(new RepositoryLocation("ssh://git:secret@review.example/k").gitEnvironment())
                .containsExactly(Map.entry("GIT_TERMINAL_PROMPT", "0"));
        assertThat(new RepositoryLocation("https://alice:tok3n@review.example/k")).hasToString("https://***@review.example/k");
    }
}

package dev.hagate.deploy;

import dev.hagate.deploy.component.Component;
import dev.hagate.deploy.component.Components;
import dev.hagate.lab.ExecResult;
import dev.hagate.lab.HostCommand;
import dev.hagate.lab.LabException;
import dev.hagate.yaml.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One commit under test, from {@code --change <project>=<repository>@<ref>}: which project, where its git
 * repository is (a path, or a URL git can clone), the ref asked for and the commit it resolved to.
 *
 * @param location   the repository as given, any credentials in it masked (see {@link RepositoryLocation})
 * @param repository a local git repository holding {@code commit} (a URL is cloned into one first)
 */
public record Change(Project project, String location, String ref, String commit, Path repository) {

    /**
     * A project a change can be of, and what of it the lab runs: this repository, or the project a component
     * takes ({@link Component#changeProject}).
     *
     * @param tree   the path, inside the project's repository, of what the lab takes from it (what
     *               {@code git archive} extracts)
     * @param marker what must be in the commit for it to be this project
     */
    public record Project(String id, String tree, String marker) {

        /** This repository: its deployment templates are the HA configuration under test. */
        public static final Project HAGATE = new Project("hagate", "lab-topology/templates", "lab-topology/templates");

        /** Every project a change can be of: this repository, then each component's, in deployment order. */
        public static List<Project> all() {
            List<Project> all = new ArrayList<>(List.of(HAGATE));
            // Several components may run one project (Neutron's server and agents): each project once.
            Components.all().values().forEach(c -> c.changeProject().filter(p -> !all.contains(p)).ifPresent(all::add));
            return all;
        }

        /**
         * The project named {@code name}, as written or as Gerrit and Zuul name it ({@code openstack/keystone}).
         *
         * @throws BadInputException for a project hagate cannot put in a lab
         */
        public static Project named(String name) {
            String base = name.substring(name.lastIndexOf('/') + 1);
            List<Project> all = all();
            return all.stream().filter(p -> p.id.equals(base)).findFirst()
                    .orElseThrow(() -> new BadInputException("--change " + name + "=...: unknown project '" + name
                            + "'; expected one of: " + String.join(", ", all.stream().map(Project::id).toList())));
        }
    }

    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Resolves {@code --change} values, every problem reported before anything starts.
     *
     * @param cloneInto where a repository given by URL is cloned (one directory per project)
     * @throws BadInputException naming each value that is malformed, names an unknown project, a missing
     *                           repository, or a ref the repository does not have
     */
    public static List<Change> resolveAll(List<String> specs, Path cloneInto) {
        List<Change> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String spec : specs) {
            try {
                Change change = resolve(spec, cloneInto);
                if (changes.stream().anyMatch(c -> c.project().equals(change.project()))) {
                    problems.add("--change " + RepositoryLocation.mask(spec) + ": project '" + change.project().id()
                            + "' is given twice");
                } else {
                    changes.add(change);
                }
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return changes;
    }

    /**
     * Resolves one {@code <project>=<repository>[@<ref>]}; the ref defaults to HEAD.
     *
     * @throws BadInputException for a value that names no commit of a project hagate can put in a lab
     * @throws LabException      when the network fails while the repository is fetched: no vote, retry
     */
    public static Change resolve(String spec, Path cloneInto) {
        // Messages name the value as given, but never the credentials a URL in it may hold.
        String shown = RepositoryLocation.mask(spec);
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new BadInputException("--change " + shown + ": expected <project>=<git repository path or URL>@<ref>,"
                    + " such as keystone=/src/keystone@refs/changes/45/12345/2");
        }
        Project project = Project.named(spec.substring(0, eq));
        String rest = spec.substring(eq + 1);
        // The ref follows the last '@', which must come after any in the location (git@host:repo, user@host).
        int at = rest.lastIndexOf('@');
        String after = rest.substring(at + 1);
        boolean hasRef = at > 0 && (!after.contains("/") || after.startsWith("refs/"));
        RepositoryLocation location = new RepositoryLocation(hasRef ? rest.substring(0, at) : rest);
        String ref = hasRef ? rest.substring(at + 1) : "HEAD";
        if (ref.isBlank()) {
            throw new BadInputException("--change " + shown + ": the ref after '@' is empty");
        }
        // git would read a ref starting with '-' as an option, and fetch 'a:b' as "write a into b".
        if (ref.startsWith("-") || ref.contains(":") || !ref.matches("\\p{Graph}+")) {
            throw new BadInputException("--change " + shown + ": expected a branch, tag, SHA or Gerrit ref, without spaces,"
                    + " not starting with '-' and without ':'; got '" + ref + "'");
        }
        if (location.given().startsWith("-")) {
            throw new BadInputException("--change " + shown + ": expected a repository path or URL, not starting with '-';"
                    + " got '" + location.shown() + "'");
        }
        Path repository = locate(shown, project, location, cloneInto);
        String commit = revParse(shown, repository, ref, location);
        ExecResult marker = git(repository, "cat-file", "-e", commit + ":" + project.marker);
        if (!marker.ok()) {
            throw new BadInputException("--change " + shown + ": commit " + commit + " has no " + project.marker
                    + ", so it is not a " + project.id() + " tree");
        }
        return new Change(project, location.shown(), ref, commit, repository);
    }

    private static Path locate(String shown, Project project, RepositoryLocation location, Path cloneInto) {
        if (!location.remote()) {
            Path path = Path.of(location.given()).toAbsolutePath().normalize();
            if (!Files.isDirectory(path)) {
                throw new BadInputException("--change " + shown + ": repository " + path + " does not exist");
            }
            if (!git(path, "rev-parse", "--git-dir").ok()) {
                throw new BadInputException("--change " + shown + ": " + path + " is not a git repository");
            }
            return path;
        }
        Path clone = cloneInto.resolve(project.id());
        HostCommand.exec(List.of("rm", "-rf", clone.toString()), Duration.ofSeconds(30));
        ExecResult cloned = HostCommand.exec(List.of("git", "clone", "--quiet", "--no-checkout", "--", location.forGit(),
                clone.toString()), location.gitEnvironment(), GIT_TIMEOUT);
        if (!cloned.ok()) {
            failedOverTheNetwork(shown, "clone " + location.shown(), cloned);
            throw new BadInputException("--change " + shown + ": cannot clone " + location.shown() + ": "
                    + RepositoryLocation.mask(cloned.lastErrorLine()));
        }
        return clone;
    }

    private static String revParse(String shown, Path repository, String ref, RepositoryLocation location) {
        ExecResult local = git(repository, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}");
        if (local.ok()) {
            return local.stdout().trim();
        }
        // A Gerrit change ref (refs/changes/..) is not among a clone's refs until fetched.
        if (ref.startsWith("refs/")) {
            ExecResult fetch = HostCommand.exec(List.of("git", "-C", repository.toString(), "fetch", "--quiet", "--", "origin",
                    ref), location.gitEnvironment(), GIT_TIMEOUT);
            if (fetch.ok()) {
                ExecResult fetched = git(repository, "rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}");
                if (fetched.ok()) {
                    return fetched.stdout().trim();
                }
            } else {
                failedOverTheNetwork(shown, "fetch " + ref + " from the origin of " + repository, fetch);
            }
        }
        throw new BadInputException("--change " + shown + ": " + repository + " has no commit '" + ref + "'");
    }

    /**
     * What git prints when the network, not the value, failed: a host that does not resolve or answer, a
     * connection cut, a server error. A missing repository or refused credentials are the value's fault.
     */
    private static final List<String> NETWORK_FAILURES = List.of("Could not resolve host", "Could not resolve hostname",
            "Temporary failure in name resolution", "Failed to connect to", "Connection refused", "Connection timed out",
            "Operation timed out", "timed out after", "Network is unreachable", "No route to host", "Connection reset",
            "Empty reply from server", "SSL connect error", "gnutls_handshake() failed", "RPC failed", "early EOF",
            "The requested URL returned error: 5");

    /** @throws LabException when {@code result} failed because of the network: exit 3, retried, never bad input */
    private static void failedOverTheNetwork(String shown, String what, ExecResult result) {
        String output = result.stderr() + result.stdout();
        if (NETWORK_FAILURES.stream().anyMatch(output::contains)) {
            throw new LabException("--change " + shown + ": cannot " + what + ", the network failed: "
                    + RepositoryLocation.mask(result.lastErrorLine()));
        }
    }

    /** The project's tree at the commit, extracted under {@code into}; returns the extracted tree's root. */
    public Path checkout(Path into) {
        Path dir = into.resolve(project.id());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + " for the change's tree: " + e.getMessage(), e);
        }
        ExecResult result = HostCommand.exec(List.of("sh", "-c", "git -C \"$1\" archive --format=tar \"$2\" -- \"$3\""
                + " \":(exclude)$3/tests\" | tar -x -C \"$4\"", "checkout", repository.toString(), commit,
                project.tree, dir.toString()), GIT_TIMEOUT);
        if (!result.ok()) {
            throw new LabException("cannot extract " + project.tree + " of " + commit + " from " + repository + ": "
                    + result.lastErrorLine());
        }
        return dir;
    }

    private static ExecResult git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        return HostCommand.exec(command, GIT_TIMEOUT);
    }

    /**
     * What the reports say was under test: for each change its repository, ref and commit
     * ({@code keystone.commit}, ...); for the deployment templates, when no change of hagate replaced them,
     * the commit of the repository holding them and whether they had uncommitted edits. {@code commit} is
     * the first change's commit (or the templates'), for dashboards that show one.
     */
    public static Map<String, String> describe(List<Change> changes, Path templates) {
        Map<String, String> described = new LinkedHashMap<>();
        for (Change change : changes) {
            String p = change.project().id() + ".";
            described.put(p + "repository", change.location());
            described.put(p + "ref", change.ref());
            described.put(p + "commit", change.commit());
        }
        if (changes.stream().noneMatch(c -> c.project().equals(Project.HAGATE))) {
            described.put("hagate.templates", templates.toString());
            ExecResult commit = git(templates, "rev-parse", "HEAD");
            if (commit.ok()) {
                described.put("hagate.commit", commit.stdout().trim());
                ExecResult status = git(templates, "status", "--porcelain", "--", ".");
                described.put("hagate.dirty", String.valueOf(!status.ok() || !status.stdout().isBlank()));
            } else {
                described.put("hagate.commit", "unknown (not in a git repository)");
            }
        }
        described.put("commit", changes.isEmpty() ? described.get("hagate.commit") : changes.get(0).commit());
        return described;
    }

    /** For reports: {@code keystone /src/keystone@HEAD = 3f2a...}. */
    @Override
    public String toString() {
        return project.id() + " " + location + "@" + ref + " = " + commit;
    }
}

package dev.hagate.report;

/**
 * The CI build a run belongs to, as the CI job passed it on the command line ({@code hagate run --ci zuul
 * --build-url ...}): the reports link to the build and to the change. Nothing here is guessed from the
 * environment, which a CI system may not set (Zuul sets none) and a person's shell may carry over.
 *
 * @param system      the CI system's name ({@code Jenkins}, {@code Zuul}); null for a run outside CI
 * @param url         the CI system's own page (the Jenkins server, the Zuul tenant); may be null
 * @param buildName   the build's name ({@code BUILD_TAG}, Zuul's build UUID); may be null
 * @param buildNumber the build's number, which orders builds in the report's trends; may be null
 * @param buildUrl    the build's page; may be null
 * @param changeUrl   the change under test, on its review system; may be null
 */
public record CiBuild(String system, String url, String buildName, Long buildNumber, String buildUrl, String changeUrl) {

    /** A run outside CI. */
    public static final CiBuild LOCAL = new CiBuild(null, null, null, null, null, null);

    public boolean local() {
        return system == null;
    }
}

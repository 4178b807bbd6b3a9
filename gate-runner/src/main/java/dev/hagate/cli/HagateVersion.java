package dev.hagate.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code hagate --version}: the version Maven wrote into the jar's manifest (Implementation-Version). */
final class HagateVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {line(Hagate.class.getPackage().getImplementationVersion())};
    }

    /** Classes run from outside the jar (an IDE, the unit tests) have no manifest, so no version to tell. */
    static String line(String implementationVersion) {
        return "hagate " + (implementationVersion == null ? "(version unknown: not run from hagate.jar)" : implementationVersion);
    }
}

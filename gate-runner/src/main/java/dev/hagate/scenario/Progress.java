package dev.hagate.scenario;

/**
 * Where a run tells a person how far it has come, one line per phase as the phase begins. Whoever starts the
 * run decides where the lines go (the command line's console, to standard error); the run only says them.
 */
@FunctionalInterface
public interface Progress {

    /** Progress nobody reads. */
    Progress NONE = message -> {};

    /** A phase begins; {@code message} is never null and is read by people as it is. */
    void phase(String message);
}

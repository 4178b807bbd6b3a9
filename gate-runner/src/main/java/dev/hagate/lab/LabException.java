package dev.hagate.lab;

/**
 * The lab itself broke: a node unreachable, a namespace not created, a command timed out. Never a verdict on
 * the change: the gate exits 3 and does not vote.
 */
public class LabException extends RuntimeException {

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}

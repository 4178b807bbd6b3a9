package dev.hagate.history;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of an operation: done, not done, or not knowable (the request went out, no answer came back). */
public enum Result {
    OK, FAIL, UNKNOWN;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}

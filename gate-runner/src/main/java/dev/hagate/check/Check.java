package dev.hagate.check;

import dev.hagate.history.Histories;

/** A pure function from a scenario's histories to a measured value held against a limit. No I/O. */
public interface Check {

    /** The check's name as it appears in reports, such as {@code max-outage(sql-writer)}. */
    String name();

    /** Never null; a check that cannot be evaluated (no data) fails and says why. */
    CheckResult evaluate(Histories histories);
}

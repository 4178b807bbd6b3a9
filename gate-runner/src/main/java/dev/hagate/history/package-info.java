/** Operations and histories: what the probes and the scenario record, what the checks read, and the JSON-lines files that hold them. */
package dev.hagate.history;

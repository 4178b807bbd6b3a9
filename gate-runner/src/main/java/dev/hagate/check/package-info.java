/** Pure functions over recorded histories: outages, failure rates, latencies, lost writes, recovery times, gaps in a probe's record. */
package dev.hagate.check;

/** Console progress, summary.json, JUnit XML and history files of a run. */
package dev.hagate.report;

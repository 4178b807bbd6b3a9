/** Real clients that keep using the cloud during a scenario and record every operation in a history. */
package dev.hagate.probe;

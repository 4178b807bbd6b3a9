/** Turning a topology into reachable nodes and back: node shells over SSH, service control, teardown that leaves nothing behind. */
package dev.hagate.lab;

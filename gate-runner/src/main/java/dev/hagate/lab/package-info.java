/** Turning a topology into reachable nodes and back (network namespaces, libvirt domains): node shells over SSH, power, service control, teardown that leaves nothing behind. */
package dev.hagate.lab;

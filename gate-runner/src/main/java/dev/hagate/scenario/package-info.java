/** The scenario and plan file formats, and the runner that sequences workloads, fault, hold, recovery and checks. */
package dev.hagate.scenario;

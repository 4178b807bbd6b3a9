/** The lab description: nodes, roles, addresses, services; loaded from topology files and validated. */
package dev.hagate.topology;

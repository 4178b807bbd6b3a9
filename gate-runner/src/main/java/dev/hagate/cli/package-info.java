/** The hagate command line. */
package dev.hagate.cli;

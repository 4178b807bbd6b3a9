/** Verdicts per scenario and per run, and the exit codes gate jobs vote on. */
package dev.hagate.vote;

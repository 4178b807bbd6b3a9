/** Waiting for a condition with a timeout that names what it waited for; the one way every package waits. Imports nothing of the runner. */
package dev.hagate.wait;

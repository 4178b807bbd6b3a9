/** One thing that breaks, and how to undo it. */
package dev.hagate.fault;

/** Putting the HA services on the lab's nodes from Debian's packages and the templates of the change under test. */
package dev.hagate.deploy;

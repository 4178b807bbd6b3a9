/** Pure functions over recorded histories: outages, lost writes, recovery times. */
package dev.hagate.check;

/** One component per service the deployer puts on nodes (Galera, RabbitMQ, Keystone, ...), found by scanning this package. */
package dev.hagate.deploy.component;

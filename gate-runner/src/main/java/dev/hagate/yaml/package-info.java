/** Reading the project's YAML files with errors that name file, line, column and field. */
package dev.hagate.yaml;

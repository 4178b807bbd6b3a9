/** The console (progress to standard error, results to standard output), summary.json, JUnit XML, Allure results and timeline pictures of a run. */
package dev.hagate.report;

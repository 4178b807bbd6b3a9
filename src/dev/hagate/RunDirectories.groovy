package dev.hagate

import com.cloudbees.groovy.cps.NonCPS

/** The patterns the publishing steps take for a list of run directories (relative to the workspace). */
class RunDirectories implements Serializable {

    /** `reports/runs/a/**,reports/runs/b/**`: everything the runs wrote, for archiveArtifacts and stash. */
    @NonCPS
    static String everything(List dirs) {
        return dirs.collect { "${it}/**" }.join(',')
    }

    /** `reports/runs/a/junit.xml,...`, for junit. */
    @NonCPS
    static String junitXml(List dirs) {
        return dirs.collect { "${it}/junit.xml" }.join(',')
    }

    /** `[[path: 'reports/runs/a/allure-results'], ...]`, for allure. */
    @NonCPS
    static List<Map> allurePaths(List dirs) {
        return dirs.collect { [path: it.toString()] }
    }
}

package io.github.oras.operator.cli.local;

import java.time.Duration;

/**
 * How a container ended, in the words {@code kubectl get pods} uses.
 *
 * @param exitCode of its last run
 * @param took from its first start to its last end
 * @param restarts how often it was started again after ending
 * @param sidecar a native sidecar (its end never decides the pod's phase)
 */
public record ContainerResult(
    String name, int exitCode, Duration took, int restarts, boolean sidecar) {
  public String status() {
    String status = exitCode == 0 ? "Completed" : "Error (exit code " + exitCode + ")";
    return restarts == 0
        ? status
        : status + ", " + restarts + (restarts == 1 ? " restart" : " restarts");
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}

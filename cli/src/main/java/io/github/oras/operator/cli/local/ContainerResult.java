package io.github.oras.operator.cli.local;

import java.time.Duration;

/** How a container ended, in the words {@code kubectl get pods} uses. */
public record ContainerResult(String name, int exitCode, Duration took) {
  public String status() {
    return exitCode == 0 ? "Completed" : "Error (exit code " + exitCode + ")";
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}

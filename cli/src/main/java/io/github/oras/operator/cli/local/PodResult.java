package io.github.oras.operator.cli.local;

import java.util.List;

/**
 * The outcome of one locally run pod: init containers (native sidecars among them) first, then the
 * containers.
 */
public record PodResult(
    String pod, List<ContainerResult> initContainers, List<ContainerResult> containers) {
  public PodResult {
    initContainers = List.copyOf(initContainers);
    containers = List.copyOf(containers);
  }

  /**
   * Succeeded when every init container and every container exited 0 (a Job's pod phase Succeeded);
   * native sidecars do not count, as in Kubernetes.
   */
  public boolean succeeded() {
    return initContainers.stream().filter(c -> !c.sidecar()).allMatch(ContainerResult::succeeded)
        && !containers.isEmpty()
        && containers.stream().allMatch(ContainerResult::succeeded);
  }

  /** Pod status as kubectl shows it: Completed, Init:Error or Error. */
  public String status() {
    if (initContainers.stream().anyMatch(c -> !c.sidecar() && !c.succeeded())) {
      return "Init:Error";
    }
    return succeeded() ? "Completed" : "Error";
  }
}

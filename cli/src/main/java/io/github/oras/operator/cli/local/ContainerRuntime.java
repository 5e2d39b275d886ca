package io.github.oras.operator.cli.local;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * How one container of a local pod is run: as a host process in its own filesystem view ({@link
 * ProcessRuntime}) or as a Podman container ({@link PodmanRuntime}). {@link PodLifecycle} decides
 * when; a runtime only starts, signals and cleans up.
 */
public interface ContainerRuntime {
  /** {@code process} or {@code podman}, as {@code --runtime} names it. */
  String name();

  /**
   * Everything the pod needs before its first container starts (images present, ...).
   *
   * @throws IllegalStateException naming what is missing, before anything ran
   */
  void prepare(LocalPod pod) throws IOException, InterruptedException;

  /**
   * Fails, before any volume or Secret is looked at, when an image is missing where the runtime
   * runs images.
   *
   * @param imageByContainer each container's image, by container name
   * @throws IllegalStateException naming every missing image and its container
   */
  default void requireImages(String pod, java.util.Map<String, String> imageByContainer)
      throws IOException, InterruptedException {}

  /**
   * Starts a container; every line it prints goes to {@code log}.
   *
   * @param attempt 0 for the first start, then 1, 2, ... for restarts
   */
  RunningContainer start(LocalPod pod, LocalContainer container, int attempt, Consumer<String> log)
      throws IOException;

  /** Removes what {@link #prepare} and the starts left behind; never throws. */
  void cleanup(LocalPod pod);
}

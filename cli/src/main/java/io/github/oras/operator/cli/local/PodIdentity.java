package io.github.oras.operator.cli.local;

import java.util.Map;

/**
 * What the controllers and the API server give a pod before the kubelet runs it, as far as the
 * downward API can read it: name, namespace, uid, labels and annotations (the template's plus the
 * controller's, such as an Indexed Job's completion index), and environment the controller adds to
 * every container ({@code JOB_COMPLETION_INDEX}).
 */
public record PodIdentity(
    String name,
    String namespace,
    String uid,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> controllerEnv) {

  public PodIdentity {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    controllerEnv = Map.copyOf(controllerEnv);
  }

  /** A pod of its own, with nothing added by a controller. */
  public static PodIdentity bare(String name, String namespace) {
    return new PodIdentity(
        name, namespace, java.util.UUID.randomUUID().toString(), Map.of(), Map.of(), Map.of());
  }
}

package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.localregistry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the registry container of a rendered StatefulSet as a local process: a {@link LocalRegistry}
 * with nothing but the container's environment (each volume mount mapped to a directory) over a
 * bare configuration file, so the rendered variables alone must make it work.
 */
final class RegistryProcess implements AutoCloseable {
  private final LocalRegistry registry;
  final int port;

  private RegistryProcess(LocalRegistry registry) {
    this.registry = registry;
    this.port = registry.port();
  }

  /** Starts the container's registry; {@code mounts} maps a mount name to its local directory. */
  static RegistryProcess start(StatefulSet set, Map<String, Path> mounts, Path work)
      throws IOException {
    return start(set, mounts, work, Map.of());
  }

  /**
   * As above, with the namespace's Secrets (name to key to value) from which variables with a
   * {@code secretKeyRef} are resolved, as the kubelet does; a missing one fails as it would.
   */
  static RegistryProcess start(
      StatefulSet set,
      Map<String, Path> mounts,
      Path work,
      Map<String, Map<String, String>> secrets)
      throws IOException {
    Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(
          var.getName(),
          var.getValueFrom() == null
              ? localPath(var.getValue(), container, mounts)
              : fromSecret(var, secrets));
    }
    return new RegistryProcess(
        LocalRegistry.in(work)
            .configFile("version: 0.1\nlog:\n  level: info\n")
            .environment(env)
            .start());
  }

  /**
   * Whether a TCP connection to the registry port succeeds, as kubelet's tcpSocket probe checks.
   */
  boolean acceptsConnections() {
    return registry.acceptsConnections();
  }

  String log() throws IOException {
    return registry.log();
  }

  private static String fromSecret(EnvVar var, Map<String, Map<String, String>> secrets) {
    var ref = var.getValueFrom().getSecretKeyRef();
    String value = secrets.getOrDefault(ref.getName(), Map.of()).get(ref.getKey());
    if (value == null) {
      throw new IllegalStateException(
          "CreateContainerConfigError: Secret " + ref.getName() + " has no key " + ref.getKey());
    }
    return value;
  }

  private static String localPath(String value, Container container, Map<String, Path> mounts) {
    if (value == null) {
      return "";
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (value.startsWith(mount.getMountPath()) && mounts.containsKey(mount.getName())) {
        return mounts.get(mount.getName()) + value.substring(mount.getMountPath().length());
      }
    }
    return value;
  }

  @Override
  public void close() {
    registry.close();
  }
}

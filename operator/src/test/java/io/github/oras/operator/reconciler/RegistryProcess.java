package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the registry container of a rendered StatefulSet as a local process: Debian's
 * docker-registry (CNCF distribution 2.8) with the container's environment, each volume mount
 * mapped to a directory, and the listen address moved to a free loopback port.
 */
final class RegistryProcess implements AutoCloseable {
  private static final Duration START_BOUND = Duration.ofSeconds(20);

  private final Process process;
  private final Path log;
  final int port;

  private RegistryProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
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
    int port = freePort();
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(
          var.getName(),
          var.getValueFrom() == null
              ? localPath(var.getValue(), container, mounts)
              : fromSecret(var, secrets));
    }
    env.put("REGISTRY_HTTP_ADDR", "127.0.0.1:" + port);
    Path config =
        Files.writeString(work.resolve("config.yml"), "version: 0.1\nlog:\n  level: info\n");
    Path log = work.resolve("registry.log");
    ProcessBuilder builder =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
    builder.environment().putAll(env);
    RegistryProcess registry = new RegistryProcess(builder.start(), log, port);
    registry.awaitListening();
    return registry;
  }

  /**
   * Whether a TCP connection to the registry port succeeds, as kubelet's tcpSocket probe checks.
   */
  boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plus(START_BOUND);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited " + process.exitValue() + ":\n" + log());
      }
      if (acceptsConnections()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting docker-registry", e);
      }
    }
    close();
    throw new IllegalStateException(
        "docker-registry did not listen within " + START_BOUND + ":\n" + log());
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

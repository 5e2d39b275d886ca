package io.github.oras.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.cli.local.ClusterObjects;
import io.github.oras.operator.cli.local.ContainerRuntime;
import io.github.oras.operator.cli.local.LocalCluster;
import io.github.oras.operator.cli.local.RegistryPod;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which registry serves the workloads' OrasCaches, and saying so in the run's first lines: with
 * Podman and OrasCaches in the {@code -f} files, each cache's registry pod as the operator renders
 * it; else one registry (Debian's docker-registry as a process, or {@code --registry}) for every
 * cache.
 */
final class LocalCaches {
  private LocalCaches() {}

  static LocalCluster start(
      Path scratch,
      Optional<String> registry,
      ClusterObjects objects,
      ContainerRuntime runtime,
      String namespace,
      InjectorConfig config,
      PolicyCatalog catalog,
      PrintWriter out)
      throws IOException, InterruptedException {
    List<JsonNode> caches = objects.orasCaches();
    if (registry.isEmpty() && !caches.isEmpty() && "podman".equals(runtime.name())) {
      return registryPods(scratch, objects, runtime, namespace, config, catalog, out);
    }
    LocalCluster cluster = LocalCluster.start(scratch, registry, config, catalog);
    String which =
        registry.isPresent() ? "(--registry)" : "(docker-registry, a process of this run)";
    out.printf(
        "registry %s %s is every OrasCache; webhook admits over HTTPS%n",
        cluster.registry(), which);
    if (!caches.isEmpty()) {
      out.println(
          "  the OrasCaches of the -f files do not run as registry pods"
              + (registry.isPresent() ? " with --registry" : " with --runtime process")
              + " (--runtime podman runs them)");
    }
    return cluster;
  }

  private static LocalCluster registryPods(
      Path scratch,
      ClusterObjects objects,
      ContainerRuntime runtime,
      String namespace,
      InjectorConfig config,
      PolicyCatalog catalog,
      PrintWriter out)
      throws IOException, InterruptedException {
    List<RegistryPod> pods = new ArrayList<>();
    try {
      for (JsonNode cache : objects.orasCaches()) {
        String name = cache.path("metadata").path("name").asText();
        RegistryPod pod =
            RegistryPod.start(
                cache, namespace, objects, runtime, scratch.resolve("caches").resolve(name));
        pods.add(pod);
        out.printf(
            "registry %s is OrasCache %s: pod %s of the operator's StatefulSet template, image %s"
                + "%s%n",
            pod.address(), name, pod.podName(), pod.image(), pod.auth() ? ", htpasswd auth" : "");
      }
      LocalCluster cluster = LocalCluster.withRegistryPods(scratch, pods, config, catalog);
      out.println("webhook admits over HTTPS; workloads naming another cache find none");
      return cluster;
    } catch (IOException | RuntimeException | InterruptedException e) {
      for (RegistryPod pod : pods) {
        pod.close();
      }
      throw e;
    }
  }

  /**
   * The environment {@code --pull} reads credentials from: the first registry pod's {@code
   * spec.secrets.orasEnv} Secret (ORAS_USER, ORAS_PULL_PASS), else this process's environment.
   */
  static Map<String, String> pullCredentials(LocalCluster cluster, ClusterObjects objects) {
    Optional<String> secret =
        cluster.registryPods().stream().findFirst().flatMap(RegistryPod::orasEnvSecret);
    if (secret.isEmpty()) {
      return System.getenv();
    }
    Map<String, String> env = new LinkedHashMap<>();
    objects
        .secret(secret.get())
        .ifPresent(
            s -> s.data().forEach((k, v) -> env.put(k, new String(v, StandardCharsets.UTF_8))));
    return env;
  }
}

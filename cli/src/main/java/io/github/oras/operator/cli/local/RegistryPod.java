package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.localregistry.FreePort;
import io.github.oras.operator.reconciler.SpecCheck;
import io.github.oras.operator.reconciler.SpecProblem;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSetShape;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An OrasCache's registry run as the operator would run it: the pod template of the StatefulSet the
 * operator renders for the cache ({@link RegistryStatefulSetShape}), with its auth Secret mounted
 * from the {@code -f} files, as a container. Two things differ, because every local container
 * shares the host's network: the registry listens on a free loopback port instead of :5000 ({@code
 * REGISTRY_HTTP_ADDR}), and a {@code storage} claim is a directory of the run.
 */
public final class RegistryPod implements AutoCloseable {
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_LIMIT = Duration.ofSeconds(30);

  private final String cache;
  private final String image;
  private final boolean auth;
  private final Optional<String> orasEnvSecret;
  private final int port;
  private final ContainerRuntime runtime;
  private final LocalPod pod;
  private final RunningContainer running;

  private RegistryPod(
      JsonNode cache,
      OrasCacheSpec spec,
      int port,
      ContainerRuntime runtime,
      LocalPod pod,
      RunningContainer running) {
    this.cache = cache.path("metadata").path("name").asText();
    this.image = SpecCheck.imageOf(spec);
    this.auth = spec.getAuth() != null;
    this.orasEnvSecret =
        Optional.ofNullable(spec.getSecrets()).map(s -> s.getOrasEnv()).filter(s -> !s.isEmpty());
    this.port = port;
    this.runtime = runtime;
    this.pod = pod;
    this.running = running;
  }

  /**
   * Renders the cache's registry pod, starts it and waits until it accepts connections.
   *
   * @param directory the pod's own directory in the run's scratch directory
   * @throws IllegalArgumentException for a spec the operator would refuse, or a missing Secret
   * @throws IllegalStateException when the image is missing or the registry does not come up
   */
  public static RegistryPod start(
      JsonNode cache,
      String namespace,
      ClusterObjects objects,
      ContainerRuntime runtime,
      Path directory)
      throws IOException, InterruptedException {
    String name = cache.path("metadata").path("name").asText();
    OrasCache parsed = KUBERNETES.convertValue(cache, OrasCache.class);
    parsed.getMetadata().setNamespace(namespace);
    OrasCacheSpec spec = SpecCheck.specOf(parsed);
    List<SpecProblem> problems = SpecCheck.check(spec);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "OrasCache \""
              + name
              + "\": "
              + String.join("; ", problems.stream().map(SpecProblem::message).toList()));
    }
    StatefulSet set = RegistryStatefulSetShape.render(parsed);
    ObjectNode template =
        (ObjectNode) JSON.readTree(KUBERNETES.asJson(set.getSpec().getTemplate()));
    int port = FreePort.loopback();
    ObjectNode podSpec = localised((ObjectNode) template.get("spec"), port);
    String podName = name + "-0";
    Map<String, String> images = new LinkedHashMap<>();
    podSpec
        .path("containers")
        .forEach(c -> images.put(c.path("name").asText(), c.path("image").asText()));
    runtime.requireImages(podName, images);
    PodIdentity identity =
        new PodIdentity(
            podName,
            namespace,
            java.util.UUID.randomUUID().toString(),
            labels(template.path("metadata").path("labels")),
            Map.of(),
            Map.of());
    LocalPod pod = LocalPod.of(identity, podSpec, Files.createDirectories(directory), objects);
    runtime.prepare(pod);
    Deque<String> log = new ArrayDeque<>();
    RunningContainer running =
        runtime.start(
            pod,
            pod.containers().get(0),
            0,
            line -> {
              synchronized (log) {
                log.addLast(line);
                if (log.size() > 20) {
                  log.removeFirst();
                }
              }
            });
    RegistryPod registry = new RegistryPod(cache, spec, port, runtime, pod, running);
    registry.awaitListening(log);
    return registry;
  }

  /** The template as it runs on this host: a loopback port, and the claim as a directory. */
  private static ObjectNode localised(ObjectNode podSpec, int port) {
    ObjectNode spec = podSpec.deepCopy();
    ObjectNode registry = (ObjectNode) spec.path("containers").get(0);
    for (JsonNode variable : registry.path("env")) {
      if ("REGISTRY_HTTP_ADDR".equals(variable.path("name").asText())) {
        ((ObjectNode) variable).put("value", "127.0.0.1:" + port);
      }
    }
    ArrayNode volumes =
        spec.path("volumes").isArray() ? (ArrayNode) spec.get("volumes") : spec.putArray("volumes");
    boolean hasData = false;
    for (JsonNode volume : volumes) {
      hasData |= RegistryStatefulSetShape.DATA_VOLUME.equals(volume.path("name").asText());
    }
    if (!hasData) {
      // The StatefulSet's volumeClaimTemplate: a directory that lives as long as the run.
      volumes.addObject().put("name", RegistryStatefulSetShape.DATA_VOLUME).putObject("emptyDir");
    }
    return spec;
  }

  private void awaitListening(Deque<String> log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!running.process().isAlive()) {
        running.awaitLogs();
        close();
        throw new IllegalStateException(
            "the registry pod "
                + pod.name()
                + " of OrasCache \""
                + cache
                + "\" exited "
                + running.exitCode()
                + " before it listened: "
                + String.join(" | ", log));
      }
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IllegalStateException(
        "the registry pod "
            + pod.name()
            + " did not listen on "
            + address()
            + " within "
            + READY_LIMIT.toSeconds()
            + " s: "
            + String.join(" | ", log));
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public String cache() {
    return cache;
  }

  public String podName() {
    return pod.name();
  }

  public String image() {
    return image;
  }

  public boolean auth() {
    return auth;
  }

  /** spec.secrets.orasEnv: the credentials Secret the workloads' ORAS containers get. */
  public Optional<String> orasEnvSecret() {
    return orasEnvSecret;
  }

  /** SIGTERM, then SIGKILL after the pod's grace period (at most 10 s here); removes the pod. */
  @Override
  public void close() throws InterruptedException {
    try {
      if (running.process().isAlive()) {
        running.terminate();
        long grace = Math.min(10, pod.terminationGracePeriod().toSeconds());
        if (!running.process().waitFor(grace, TimeUnit.SECONDS)) {
          running.kill();
          running.process().waitFor();
        }
      }
    } finally {
      runtime.cleanup(pod);
    }
  }

  private static Map<String, String> labels(JsonNode labels) {
    Map<String, String> result = new LinkedHashMap<>();
    labels.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }
}

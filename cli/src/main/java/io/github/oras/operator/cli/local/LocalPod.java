package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.engine.KubernetesExpansion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod spec turned into local containers: every {@code emptyDir} becomes a host directory (mode
 * 0777 as the kubelet makes them, so a non-root sidecar and a root app can share it). Other volume
 * kinds cannot be reproduced on one machine and are refused by name.
 *
 * @param restartPolicy the pod's restartPolicy: Never, OnFailure or Always
 * @param terminationGracePeriod between SIGTERM and SIGKILL (default 30 s)
 * @param directory the pod's own scratch directory (volumes, stand-in working directories)
 */
public record LocalPod(
    String name,
    List<LocalContainer> initContainers,
    List<LocalContainer> containers,
    String restartPolicy,
    Duration terminationGracePeriod,
    Map<String, Path> volumes,
    Path directory) {

  public LocalPod {
    initContainers = List.copyOf(initContainers);
    containers = List.copyOf(containers);
    volumes = Map.copyOf(volumes);
  }

  /**
   * Reads a pod spec.
   *
   * @param scratch directory under which the volumes and working directories are created
   * @throws IllegalArgumentException naming what the local runner cannot reproduce
   */
  public static LocalPod of(String name, JsonNode podSpec, Path scratch) throws IOException {
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (JsonNode volume : podSpec.path("volumes")) {
      String volumeName = volume.path("name").asText();
      if (!volume.has("emptyDir")) {
        throw new IllegalArgumentException(
            "volume \""
                + volumeName
                + "\" is not an emptyDir; the local runner only reproduces emptyDir volumes");
      }
      Path directory = Files.createDirectories(scratch.resolve("volumes").resolve(volumeName));
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
      volumes.put(volumeName, directory);
    }
    JsonNode podSecurity = podSpec.path("securityContext");
    List<LocalContainer> init = new ArrayList<>();
    for (JsonNode container : podSpec.path("initContainers")) {
      init.add(container(container, podSecurity, volumes, scratch));
    }
    List<LocalContainer> main = new ArrayList<>();
    for (JsonNode container : podSpec.path("containers")) {
      main.add(container(container, podSecurity, volumes, scratch));
    }
    String restartPolicy = podSpec.path("restartPolicy").asText("Always");
    Duration grace = Duration.ofSeconds(podSpec.path("terminationGracePeriodSeconds").asLong(30));
    return new LocalPod(name, init, main, restartPolicy, grace, volumes, scratch);
  }

  private static LocalContainer container(
      JsonNode spec, JsonNode podSecurity, Map<String, Path> volumes, Path scratch)
      throws IOException {
    String name = spec.path("name").asText();
    if (spec.has("envFrom") || hasValueFrom(spec.path("env"))) {
      throw new IllegalArgumentException(
          "container \""
              + name
              + "\" reads Secrets or fields (envFrom/valueFrom); the local runner has no API server to read them from");
    }
    Map<String, String> env =
        new LinkedHashMap<>(KubernetesExpansion.environment(spec.path("env")));
    List<String> command = new ArrayList<>();
    spec.path("command").forEach(e -> command.add(KubernetesExpansion.expand(e.asText(), env)));
    List<String> args = new ArrayList<>();
    spec.path("args").forEach(e -> args.add(KubernetesExpansion.expand(e.asText(), env)));
    List<LocalContainer.Mount> mounts = new ArrayList<>();
    for (JsonNode mount : spec.path("volumeMounts")) {
      Path host = volumes.get(mount.path("name").asText());
      if (host == null) {
        throw new IllegalArgumentException(
            "container \""
                + name
                + "\" mounts volume \""
                + mount.path("name").asText()
                + "\", which the pod does not define");
      }
      mounts.add(new LocalContainer.Mount(host, mount.path("mountPath").asText()));
    }
    JsonNode security = spec.path("securityContext");
    LocalContainer.RunAs user =
        new LocalContainer.RunAs(
            id(security, podSecurity, "runAsUser"),
            id(security, podSecurity, "runAsGroup"),
            id(podSecurity, podSecurity, "fsGroup"));
    boolean dropAll = false;
    for (JsonNode capability : security.path("capabilities").path("drop")) {
      dropAll |= "ALL".equals(capability.asText());
    }
    return new LocalContainer(
        name,
        spec.path("image").asText(""),
        command,
        args,
        env,
        spec.path("workingDir").asText(""),
        Files.createDirectories(scratch.resolve("workdirs").resolve(name)),
        mounts,
        "Always".equals(spec.path("restartPolicy").asText()),
        user,
        dropAll);
  }

  /** The container's setting, else the pod's (as the kubelet merges security contexts). */
  private static Optional<Long> id(JsonNode container, JsonNode pod, String key) {
    JsonNode value = container.has(key) ? container.get(key) : pod.get(key);
    return value == null || !value.canConvertToLong()
        ? Optional.empty()
        : Optional.of(value.asLong());
  }

  private static boolean hasValueFrom(JsonNode env) {
    for (JsonNode variable : env) {
      if (variable.has("valueFrom")) {
        return true;
      }
    }
    return false;
  }
}

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pod spec turned into local containers: every {@code emptyDir} becomes a host directory (mode
 * 0777 as the kubelet makes them, so a non-root sidecar and a root app can share it), every {@code
 * secret} and {@code configMap} volume a directory of files written from the Secrets and ConfigMaps
 * of the {@code -f} files (mounted read-only), and the environment is resolved as the kubelet does
 * (see {@link ContainerEnvironment}). Other volume kinds cannot be reproduced on one machine and
 * are refused by name.
 *
 * @param restartPolicy the pod's restartPolicy: Never, OnFailure or Always
 * @param terminationGracePeriod between SIGTERM and SIGKILL (default 30 s)
 * @param volumes every volume's host directory
 * @param keyedVolumes the names of the volumes written from Secrets and ConfigMaps
 * @param directory the pod's own scratch directory (volumes, stand-in working directories)
 */
public record LocalPod(
    String name,
    List<LocalContainer> initContainers,
    List<LocalContainer> containers,
    String restartPolicy,
    Duration terminationGracePeriod,
    Map<String, Path> volumes,
    Set<String> keyedVolumes,
    Path directory) {

  public LocalPod {
    initContainers = List.copyOf(initContainers);
    containers = List.copyOf(containers);
    volumes = Map.copyOf(volumes);
    keyedVolumes = Set.copyOf(keyedVolumes);
  }

  /** A pod of its own, without Secrets or ConfigMaps to read. */
  public static LocalPod of(String name, JsonNode podSpec, Path scratch) throws IOException {
    return of(PodIdentity.bare(name, "default"), podSpec, scratch, ClusterObjects.none());
  }

  /**
   * Reads a pod spec.
   *
   * @param scratch directory under which the volumes and working directories are created
   * @throws IllegalArgumentException naming what the local runner cannot reproduce or find
   */
  public static LocalPod of(
      PodIdentity identity, JsonNode podSpec, Path scratch, ClusterObjects objects)
      throws IOException {
    Map<String, Path> volumes = new LinkedHashMap<>();
    Set<String> keyed = new LinkedHashSet<>();
    for (JsonNode volume : podSpec.path("volumes")) {
      String volumeName = volume.path("name").asText();
      if (!volume.has("emptyDir") && !KeyedVolume.handles(volume)) {
        throw new IllegalArgumentException(
            "volume \""
                + volumeName
                + "\" is not an emptyDir, secret or configMap; the local runner only reproduces"
                + " these");
      }
      Path directory = Files.createDirectories(scratch.resolve("volumes").resolve(volumeName));
      if (volume.has("emptyDir")) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
      } else {
        KeyedVolume.write(volume, objects, directory);
        keyed.add(volumeName);
      }
      volumes.put(volumeName, directory);
    }
    ContainerEnvironment environment = new ContainerEnvironment(identity, podSpec, objects);
    JsonNode podSecurity = podSpec.path("securityContext");
    List<LocalContainer> init = new ArrayList<>();
    for (JsonNode container : podSpec.path("initContainers")) {
      init.add(container(container, environment, podSecurity, volumes, keyed, scratch));
    }
    List<LocalContainer> main = new ArrayList<>();
    for (JsonNode container : podSpec.path("containers")) {
      main.add(container(container, environment, podSecurity, volumes, keyed, scratch));
    }
    String restartPolicy = podSpec.path("restartPolicy").asText("Always");
    Duration grace = Duration.ofSeconds(podSpec.path("terminationGracePeriodSeconds").asLong(30));
    if (isRoot() && podSecurity.path("fsGroup").canConvertToLong()) {
      groupOwn(keyed, volumes, podSecurity.get("fsGroup").asInt());
    }
    return new LocalPod(identity.name(), init, main, restartPolicy, grace, volumes, keyed, scratch);
  }

  private static LocalContainer container(
      JsonNode spec,
      ContainerEnvironment environment,
      JsonNode podSecurity,
      Map<String, Path> volumes,
      Set<String> keyed,
      Path scratch)
      throws IOException {
    String name = spec.path("name").asText();
    Map<String, String> env = environment.of(spec);
    List<String> command = new ArrayList<>();
    spec.path("command").forEach(e -> command.add(KubernetesExpansion.expand(e.asText(), env)));
    List<String> args = new ArrayList<>();
    spec.path("args").forEach(e -> args.add(KubernetesExpansion.expand(e.asText(), env)));
    List<LocalContainer.Mount> mounts = new ArrayList<>();
    for (JsonNode mount : spec.path("volumeMounts")) {
      mounts.add(mount(name, mount, volumes, keyed));
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
        dropAll,
        security.path("readOnlyRootFilesystem").asBoolean(false));
  }

  private static LocalContainer.Mount mount(
      String container, JsonNode mount, Map<String, Path> volumes, Set<String> keyed)
      throws IOException {
    String volume = mount.path("name").asText();
    Path host = volumes.get(volume);
    if (host == null) {
      throw new IllegalArgumentException(
          "container \""
              + container
              + "\" mounts volume \""
              + volume
              + "\", which the pod does not define");
    }
    String subPath = mount.path("subPath").asText("");
    if (!subPath.isEmpty()) {
      Path inside = host.resolve(subPath).normalize();
      if (!inside.startsWith(host) || Path.of(subPath).isAbsolute()) {
        throw new IllegalArgumentException(
            "container \""
                + container
                + "\": subPath \""
                + subPath
                + "\" of volume \""
                + volume
                + "\" leaves the volume; use a relative path without ..");
      }
      if (!Files.exists(inside)) {
        Files.createDirectories(inside);
      }
      host = inside;
    }
    boolean readOnly = keyed.contains(volume) || mount.path("readOnly").asBoolean(false);
    return new LocalContainer.Mount(host, mount.path("mountPath").asText(), readOnly);
  }

  /** As the kubelet does for fsGroup: the Secret and ConfigMap files belong to that group. */
  private static void groupOwn(Set<String> keyed, Map<String, Path> volumes, int fsGroup)
      throws IOException {
    for (String volume : keyed) {
      try (Stream<Path> files = Files.walk(volumes.get(volume))) {
        for (Path file : files.toList()) {
          Files.setAttribute(file, "unix:gid", fsGroup);
        }
      }
    }
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** The container's setting, else the pod's (as the kubelet merges security contexts). */
  private static Optional<Long> id(JsonNode container, JsonNode pod, String key) {
    JsonNode value = container.has(key) ? container.get(key) : pod.get(key);
    return value == null || !value.canConvertToLong()
        ? Optional.empty()
        : Optional.of(value.asLong());
  }
}

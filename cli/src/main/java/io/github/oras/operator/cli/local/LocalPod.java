package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.webhook.engine.KubernetesExpansion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod spec turned into local containers: every {@code emptyDir} becomes a temporary directory,
 * and each container gets a scratch directory at its working directory (its image's filesystem
 * here). Other volume kinds cannot be reproduced on one machine and are refused by name.
 */
public record LocalPod(
    String name, List<LocalContainer> initContainers, List<LocalContainer> containers) {

  /**
   * Reads a pod spec.
   *
   * @param scratch directory under which the volumes and working directories are created
   * @param path directories prepended to each container's PATH (where {@code oras-sidecar} lives)
   * @throws IllegalArgumentException naming what the local runner cannot reproduce
   */
  public static LocalPod of(String name, JsonNode podSpec, Path scratch, String path)
      throws IOException {
    Map<String, Path> volumes = new HashMap<>();
    for (JsonNode volume : podSpec.path("volumes")) {
      String volumeName = volume.path("name").asText();
      if (!volume.has("emptyDir")) {
        throw new IllegalArgumentException(
            "volume \""
                + volumeName
                + "\" is not an emptyDir; the local runner only reproduces emptyDir volumes");
      }
      volumes.put(
          volumeName, Files.createDirectories(scratch.resolve("volumes").resolve(volumeName)));
    }
    List<LocalContainer> init = new ArrayList<>();
    for (JsonNode container : podSpec.path("initContainers")) {
      init.add(container(container, volumes, scratch, path));
    }
    List<LocalContainer> main = new ArrayList<>();
    for (JsonNode container : podSpec.path("containers")) {
      main.add(container(container, volumes, scratch, path));
    }
    return new LocalPod(name, init, main);
  }

  private static LocalContainer container(
      JsonNode spec, Map<String, Path> volumes, Path scratch, String path) throws IOException {
    String name = spec.path("name").asText();
    if (spec.has("envFrom") || hasValueFrom(spec.path("env"))) {
      throw new IllegalArgumentException(
          "container \""
              + name
              + "\" reads Secrets or fields (envFrom/valueFrom); the local runner has no API server to read them from");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "PATH", path + ":" + System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("HOSTNAME", name);
    env.putAll(KubernetesExpansion.environment(spec.path("env")));
    List<String> argv = new ArrayList<>();
    spec.path("command")
        .forEach(element -> argv.add(KubernetesExpansion.expand(element.asText(), env)));
    spec.path("args")
        .forEach(element -> argv.add(KubernetesExpansion.expand(element.asText(), env)));
    if (argv.isEmpty()) {
      throw new IllegalArgumentException(
          "container \""
              + name
              + "\" has no command; locally there is no image ENTRYPOINT to fall back on");
    }
    List<LocalContainer.Mount> mounts = new ArrayList<>();
    String workingDir = spec.path("workingDir").asText("");
    if (!workingDir.isEmpty()) {
      mounts.add(
          new LocalContainer.Mount(
              Files.createDirectories(scratch.resolve("workdirs").resolve(name)), workingDir));
    } else {
      workingDir = Files.createDirectories(scratch.resolve("workdirs").resolve(name)).toString();
    }
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
    return new LocalContainer(name, argv, env, workingDir, mounts);
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

package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code secret} or {@code configMap} volume written out as the kubelet would: one file per key
 * (or per {@code items} entry, at its {@code path}), with {@code defaultMode} (or the item's {@code
 * mode}, default 0644). The containers mount the directory read-only.
 */
final class KeyedVolume {
  private KeyedVolume() {}

  /** Whether the local runner writes this volume from a Secret or ConfigMap. */
  static boolean handles(JsonNode volume) {
    return volume.has("secret") || volume.has("configMap");
  }

  /**
   * Writes the volume's files into {@code directory}.
   *
   * @throws IllegalArgumentException naming the volume and the missing object or key
   */
  static void write(JsonNode volume, ClusterObjects objects, Path directory) throws IOException {
    String volumeName = volume.path("name").asText();
    boolean secret = volume.has("secret");
    String kind = secret ? "Secret" : "ConfigMap";
    JsonNode source = secret ? volume.get("secret") : volume.get("configMap");
    String objectName = source.path(secret ? "secretName" : "name").asText();
    boolean optional = source.path("optional").asBoolean(false);
    int defaultMode = source.path("defaultMode").asInt(0644);
    Optional<ClusterObjects.KeyedData> data = objects.find(kind, objectName);
    if (data.isEmpty()) {
      if (optional) {
        return;
      }
      throw new IllegalArgumentException(
          String.format(
              "volume \"%s\" reads %s \"%s\", which none of the -f files holds; add the %s"
                  + " (kind: %s, metadata.name: %s) to the -f files, or mark the volume's %s"
                  + " optional: true",
              volumeName,
              kind,
              objectName,
              kind,
              kind,
              objectName,
              secret ? "secret" : "configMap"));
    }
    for (Map.Entry<String, Item> file :
        files(source, data.get(), optional, volumeName).entrySet()) {
      Path target = directory.resolve(file.getValue().path()).normalize();
      if (!target.startsWith(directory) || target.equals(directory)) {
        throw new IllegalArgumentException(
            "volume \""
                + volumeName
                + "\": item path \""
                + file.getValue().path()
                + "\" leaves the volume; use a relative path without ..");
      }
      Files.createDirectories(target.getParent());
      Files.write(target, data.get().bytes(file.getKey()).orElseThrow());
      Files.setPosixFilePermissions(
          target, permissions(file.getValue().mode().orElse(defaultMode)));
    }
  }

  private record Item(String path, Optional<Integer> mode) {}

  /** Key to file: every key, or the {@code items} that are there. */
  private static Map<String, Item> files(
      JsonNode source, ClusterObjects.KeyedData data, boolean optional, String volumeName) {
    Map<String, Item> files = new LinkedHashMap<>();
    if (!source.has("items")) {
      data.data().keySet().forEach(key -> files.put(key, new Item(key, Optional.empty())));
      return files;
    }
    for (JsonNode item : source.get("items")) {
      String key = item.path("key").asText();
      if (data.bytes(key).isEmpty()) {
        if (optional) {
          continue;
        }
        throw new IllegalArgumentException(
            String.format(
                "volume \"%s\": item key \"%s\" is not in %s \"%s\" (its keys: %s)",
                volumeName, key, data.kind(), data.name(), data.data().keySet()));
      }
      Optional<Integer> mode =
          item.has("mode") ? Optional.of(item.get("mode").asInt()) : Optional.empty();
      files.put(key, new Item(item.path("path").asText(key), mode));
    }
    return files;
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = java.util.EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}

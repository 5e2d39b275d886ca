package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of the {@code -f} files that are not steps but what a cluster would hold for them:
 * Secrets and ConfigMaps (read by {@code secretKeyRef}, {@code configMapKeyRef}, {@code envFrom}
 * and volumes) and OrasCaches. Objects of another namespace than the run's are left out, as the
 * kubelet would not find them either.
 */
public final class ClusterObjects {
  /** The kinds kept here rather than run as steps. */
  public static boolean holds(JsonNode object) {
    String kind = object.path("kind").asText();
    String apiVersion = object.path("apiVersion").asText();
    return (("Secret".equals(kind) || "ConfigMap".equals(kind)) && "v1".equals(apiVersion))
        || "OrasCache".equals(kind);
  }

  /** The data of a Secret or ConfigMap: key to bytes. */
  public record KeyedData(String kind, String name, Map<String, byte[]> data) {
    public KeyedData {
      data = Map.copyOf(data);
    }

    public Optional<byte[]> bytes(String key) {
      return Optional.ofNullable(data.get(key));
    }

    public Optional<String> text(String key) {
      return bytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }
  }

  private final Map<String, KeyedData> secrets;
  private final Map<String, KeyedData> configMaps;
  private final List<JsonNode> orasCaches;

  private ClusterObjects(
      Map<String, KeyedData> secrets, Map<String, KeyedData> configMaps, List<JsonNode> caches) {
    this.secrets = Map.copyOf(secrets);
    this.configMaps = Map.copyOf(configMaps);
    this.orasCaches = List.copyOf(caches);
  }

  public static ClusterObjects none() {
    return new ClusterObjects(Map.of(), Map.of(), List.of());
  }

  /**
   * Keeps the objects {@link #holds} of {@code namespace} (or without a namespace).
   *
   * @throws IllegalArgumentException for a Secret whose {@code data} is not base64
   */
  public static ClusterObjects of(List<JsonNode> objects, String namespace) {
    Map<String, KeyedData> secrets = new LinkedHashMap<>();
    Map<String, KeyedData> configMaps = new LinkedHashMap<>();
    List<JsonNode> caches = new ArrayList<>();
    for (JsonNode object : objects) {
      String own = object.path("metadata").path("namespace").asText("");
      if (!holds(object) || !(own.isEmpty() || own.equals(namespace))) {
        continue;
      }
      String name = object.path("metadata").path("name").asText();
      switch (object.path("kind").asText()) {
        case "Secret" -> secrets.put(name, keyed(object, "Secret", "data", "stringData"));
        case "ConfigMap" -> configMaps.put(name, keyed(object, "ConfigMap", "binaryData", "data"));
        default -> caches.add(object);
      }
    }
    return new ClusterObjects(secrets, configMaps, caches);
  }

  public Optional<KeyedData> secret(String name) {
    return Optional.ofNullable(secrets.get(name));
  }

  public Optional<KeyedData> configMap(String name) {
    return Optional.ofNullable(configMaps.get(name));
  }

  /** A Secret or ConfigMap by its kind's name as a pod spec says it. */
  public Optional<KeyedData> find(String kind, String name) {
    return "Secret".equals(kind) ? secret(name) : configMap(name);
  }

  public List<JsonNode> orasCaches() {
    return orasCaches;
  }

  /** {@code base64Field} decoded, then {@code plainField} as UTF-8 (which wins on a clash). */
  private static KeyedData keyed(
      JsonNode object, String kind, String base64Field, String plainField) {
    String name = object.path("metadata").path("name").asText();
    Map<String, byte[]> data = new LinkedHashMap<>();
    var encoded = object.path(base64Field).fields();
    while (encoded.hasNext()) {
      var entry = encoded.next();
      try {
        data.put(entry.getKey(), Base64.getMimeDecoder().decode(entry.getValue().asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            kind
                + " \""
                + name
                + "\": "
                + base64Field
                + "."
                + entry.getKey()
                + " is not base64 ("
                + e.getMessage()
                + "); put plain text under "
                + plainField
                + " instead");
      }
    }
    object
        .path(plainField)
        .fields()
        .forEachRemaining(
            e -> data.put(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    return new KeyedData(kind, name, data);
  }
}

package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.engine.KubernetesExpansion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} (ConfigMaps and Secrets, with
 * their prefix) first, then {@code env} in order, each {@code value} expanded against the variables
 * before it and each {@code valueFrom} read from the downward API of the pod or from a Secret or
 * ConfigMap of the {@code -f} files; then what the pod's controller adds ({@code
 * JOB_COMPLETION_INDEX}) where the container does not set it. Every pod shares the host's network
 * here, so {@code status.podIP} and {@code status.hostIP} are both the loopback address the local
 * registry listens on.
 */
final class ContainerEnvironment {
  static final String LOCAL_IP = "127.0.0.1";
  private static final Pattern MAP_KEY =
      Pattern.compile("metadata\\.(labels|annotations)\\['([^']*)'\\]");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private final PodIdentity pod;
  private final JsonNode podSpec;
  private final ClusterObjects objects;

  ContainerEnvironment(PodIdentity pod, JsonNode podSpec, ClusterObjects objects) {
    this.pod = pod;
    this.podSpec = podSpec;
    this.objects = objects;
  }

  /**
   * @throws IllegalArgumentException naming the container, the variable and what is missing
   */
  Map<String, String> of(JsonNode container) {
    String name = container.path("name").asText();
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode source : container.path("envFrom")) {
      addAll(env, name, source);
    }
    for (JsonNode variable : container.path("env")) {
      String key = variable.path("name").asText();
      if (variable.has("valueFrom")) {
        value(name, key, variable.get("valueFrom")).ifPresent(v -> env.put(key, v));
      } else {
        env.put(key, KubernetesExpansion.expand(variable.path("value").asText(), env));
      }
    }
    pod.controllerEnv().forEach(env::putIfAbsent);
    return env;
  }

  private void addAll(Map<String, String> env, String container, JsonNode source) {
    String kind = source.has("secretRef") ? "Secret" : "ConfigMap";
    JsonNode ref = source.has("secretRef") ? source.get("secretRef") : source.path("configMapRef");
    String objectName = ref.path("name").asText();
    Optional<ClusterObjects.KeyedData> data = objects.find(kind, objectName);
    if (data.isEmpty()) {
      if (ref.path("optional").asBoolean(false)) {
        return;
      }
      throw missing(container, "envFrom", kind, objectName);
    }
    String prefix = source.path("prefix").asText("");
    for (String key : data.get().data().keySet()) {
      if (ENV_NAME.matcher(prefix + key).matches()) {
        env.put(prefix + key, data.get().text(key).orElseThrow());
      }
    }
  }

  /** The value, or empty for an optional reference whose object or key is not there. */
  private Optional<String> value(String container, String variable, JsonNode valueFrom) {
    if (valueFrom.has("fieldRef")) {
      return Optional.of(field(container, variable, valueFrom.get("fieldRef").path("fieldPath")));
    }
    if (valueFrom.has("secretKeyRef") || valueFrom.has("configMapKeyRef")) {
      boolean secret = valueFrom.has("secretKeyRef");
      String kind = secret ? "Secret" : "ConfigMap";
      JsonNode ref = secret ? valueFrom.get("secretKeyRef") : valueFrom.get("configMapKeyRef");
      boolean optional = ref.path("optional").asBoolean(false);
      String objectName = ref.path("name").asText();
      String key = ref.path("key").asText();
      Optional<ClusterObjects.KeyedData> data = objects.find(kind, objectName);
      if (data.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw missing(container, "env " + variable, kind, objectName);
      }
      Optional<String> value = data.get().text(key);
      if (value.isEmpty() && !optional) {
        throw new IllegalArgumentException(
            String.format(
                "container \"%s\": env %s reads key \"%s\" of %s \"%s\", which has no such key"
                    + " (its keys: %s); add the key, or mark the reference optional: true",
                container, variable, key, kind, objectName, data.get().data().keySet()));
      }
      return value;
    }
    throw new IllegalArgumentException(
        String.format(
            "container \"%s\": env %s uses valueFrom %s, which the local runner does not"
                + " reproduce (it resolves fieldRef, secretKeyRef and configMapKeyRef); set a"
                + " value instead",
            container,
            variable,
            valueFrom.fieldNames().hasNext() ? valueFrom.fieldNames().next() : "{}"));
  }

  /** A downward API field of this pod, as the kubelet resolves it for env. */
  String field(String container, String variable, JsonNode fieldPath) {
    String path = fieldPath.asText();
    Matcher keyed = MAP_KEY.matcher(path);
    if (keyed.matches()) {
      Map<String, String> map = keyed.group(1).equals("labels") ? pod.labels() : pod.annotations();
      return map.getOrDefault(keyed.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.name();
      case "metadata.namespace" -> pod.namespace();
      case "metadata.uid" -> pod.uid();
      case "spec.nodeName" -> LocalHost.NAME;
      case "spec.serviceAccountName" -> podSpec.path("serviceAccountName").asText("default");
      case "status.podIP", "status.podIPs", "status.hostIP", "status.hostIPs" -> LOCAL_IP;
      default ->
          throw new IllegalArgumentException(
              String.format(
                  "container \"%s\": env %s reads fieldRef \"%s\", which is not a field the downward"
                      + " API gives to env (metadata.name, metadata.namespace, metadata.uid,"
                      + " metadata.labels['KEY'], metadata.annotations['KEY'], spec.nodeName,"
                      + " spec.serviceAccountName, status.podIP, status.hostIP)",
                  container, variable, path));
    };
  }

  private static IllegalArgumentException missing(
      String container, String where, String kind, String name) {
    return new IllegalArgumentException(
        String.format(
            "container \"%s\": %s reads %s \"%s\", which none of the -f files holds; add the %s"
                + " (kind: %s, metadata.name: %s) to the -f files, or mark the reference"
                + " optional: true",
            container, where, kind, name, kind, kind, name));
  }

  /** The name the local "node" has: this host's. */
  static final class LocalHost {
    static final String NAME = hostName();

    private static String hostName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "localhost";
      }
    }
  }
}

package io.github.oras.operator.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A Kubernetes kind: {@code batch/v1 Job} is group {@code batch}, version {@code v1}, kind {@code
 * Job}.
 */
public record GroupVersionKind(String group, String version, String kind) {

  /** From an object's {@code apiVersion} ({@code v1} or {@code group/version}) and {@code kind}. */
  public static GroupVersionKind of(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    return slash < 0
        ? new GroupVersionKind("", apiVersion, kind)
        : new GroupVersionKind(
            apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
  }

  /** The kind of a JSON object, if it has string {@code apiVersion} and {@code kind} fields. */
  public static Optional<GroupVersionKind> of(JsonNode object) {
    if (object == null
        || !object.path("apiVersion").isTextual()
        || !object.path("kind").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(of(object.get("apiVersion").textValue(), object.get("kind").textValue()));
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  @Override
  public String toString() {
    return apiVersion() + " " + kind;
  }
}

package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Set;

/** Checks the {@code resources} block configured for the injected containers, once at start-up. */
final class SidecarResources {
  private static final Set<String> SECTIONS = Set.of("requests", "limits");

  private SidecarResources() {}

  /**
   * Returns a copy of {@code resources} when it is a Kubernetes ResourceRequirements of requests
   * and limits with valid quantities.
   *
   * @throws IllegalArgumentException naming the field and value that are wrong
   */
  static ObjectNode checked(ObjectNode resources) {
    for (Map.Entry<String, JsonNode> section : resources.properties()) {
      if (!SECTIONS.contains(section.getKey()) || !section.getValue().isObject()) {
        throw new IllegalArgumentException(
            "sidecarResources." + section.getKey() + ": expected requests or limits, each a map");
      }
      for (Map.Entry<String, JsonNode> quantity : section.getValue().properties()) {
        String where = "sidecarResources." + section.getKey() + "." + quantity.getKey();
        String value = quantity.getValue().asText();
        try {
          if (!quantity.getValue().isValueNode()) {
            throw new IllegalArgumentException("not a value");
          }
          Quantity.getAmountInBytes(new Quantity(value));
        } catch (IllegalArgumentException | ArithmeticException e) {
          throw new IllegalArgumentException(
              where + "=\"" + value + "\" is not a Kubernetes quantity (e.g. 100m, 64Mi)");
        }
      }
    }
    return resources.deepCopy();
  }
}

package io.github.oras.operator.spi.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The project's samples/ directory, which each policy module copies onto its test class path:
 * shared by the policy tests through this module's test jar.
 */
public final class Samples {
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Samples() {}

  /** A fresh tree of one sample, e.g. {@code workflow/step1.yaml}. */
  public static ObjectNode load(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sample " + name + " is not on the test class path");
      }
      JsonNode tree = YAML.readTree(in);
      return (ObjectNode) tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code metadata.annotations} of {@code object}, read independently of the policy under test.
   */
  public static Map<String, String> annotationsOf(JsonNode object) {
    return stringMap(object.path("metadata").path("annotations"));
  }

  /** A YAML map of strings, e.g. a MetricSet's {@code spec.pod.annotations}. */
  public static Map<String, String> stringMap(JsonNode map) {
    return map.isMissingNode()
        ? Map.of()
        : YAML.convertValue(map, new TypeReference<Map<String, String>>() {});
  }
}

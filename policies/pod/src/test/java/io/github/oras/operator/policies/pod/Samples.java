package io.github.oras.operator.policies.pod;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The project's samples/ directory, copied onto the test class path by the build. */
final class Samples {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Samples() {}

  /** A fresh tree of one sample, e.g. {@code workflow/step1.yaml}. */
  static ObjectNode load(String name) {
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
  static Map<String, String> annotationsOf(JsonNode object) {
    JsonNode annotations = object.path("metadata").path("annotations");
    return annotations.isMissingNode()
        ? Map.of()
        : YAML.convertValue(annotations, new TypeReference<Map<String, String>>() {});
  }
}

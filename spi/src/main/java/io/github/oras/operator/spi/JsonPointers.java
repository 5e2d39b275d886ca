package io.github.oras.operator.spi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 6901 pointers and the annotation merge that policies share. */
public final class JsonPointers {
  private JsonPointers() {}

  /**
   * Builds a pointer from unescaped tokens, escaping {@code ~} as {@code ~0} and {@code /} as
   * {@code ~1}.
   */
  public static String of(String... tokens) {
    StringBuilder out = new StringBuilder();
    for (String token : tokens) {
      out.append('/').append(escape(token));
    }
    return out.toString();
  }

  /** Appends unescaped tokens to an existing pointer. */
  public static String append(String pointer, String... tokens) {
    return pointer + of(tokens);
  }

  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** The node at {@code pointer}, or a missing node. */
  public static JsonNode at(JsonNode root, String pointer) {
    return root.at(JsonPointer.compile(pointer));
  }

  /**
   * The annotations of the objects at {@code pointers} (each an object with {@code metadata}),
   * merged in order: a later (inner) object's value wins. Non-string values are ignored.
   */
  public static Map<String, String> effectiveAnnotations(JsonNode root, String... pointers) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String pointer : pointers) {
      JsonNode annotations = at(root, pointer).path("metadata").path("annotations");
      annotations
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  merged.put(e.getKey(), e.getValue().textValue());
                }
              });
    }
    return merged;
  }
}

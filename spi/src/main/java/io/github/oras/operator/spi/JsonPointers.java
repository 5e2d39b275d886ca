package io.github.oras.operator.spi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** RFC 6901 pointers and the annotation merge that policies share. */
public final class JsonPointers {
  /**
   * The prefix of the annotations the engine reads. The SPI names it itself so that plugins need
   * nothing but the SPI; the engine's tests check it equals the annotation contract's prefix.
   */
  public static final String ANNOTATION_PREFIX = "oras.converged-computing.github.io/";

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
   * Our annotations (keys under {@link #ANNOTATION_PREFIX}) of the object at {@code pointer} (an
   * object with {@code metadata}); every other key is skipped, so an object with many unrelated
   * annotations costs one scan and no copies. Non-string values are ignored.
   */
  public static Map<String, String> ownAnnotations(JsonNode root, String pointer) {
    JsonNode annotations = at(root, pointer).path("metadata").path("annotations");
    Map<String, String> ours = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith(ANNOTATION_PREFIX) && e.getValue().isTextual()) {
        if (ours == null) {
          ours = new HashMap<>();
        }
        ours.put(e.getKey(), e.getValue().textValue());
      }
    }
    return ours == null ? Map.of() : Map.copyOf(ours);
  }

  /**
   * Our annotations (see {@link #ownAnnotations}) of the objects at {@code pointers}, merged in
   * order: a later (inner) object's value wins.
   */
  public static Map<String, String> effectiveAnnotations(JsonNode root, String... pointers) {
    return effectiveAnnotations(Map.of(), root, pointers);
  }

  /**
   * {@code outer} (for example the workload's own {@link #ownAnnotations}, computed once) merged
   * with our annotations of the inner objects at {@code pointers}, the innermost winning. When the
   * inner objects add nothing the answer is {@code outer} itself (as an immutable map), so
   * templates share the workload's map instead of each holding a copy.
   */
  public static Map<String, String> effectiveAnnotations(
      Map<String, String> outer, JsonNode root, String... pointers) {
    Map<String, String> merged = null;
    for (String pointer : pointers) {
      Map<String, String> own = ownAnnotations(root, pointer);
      if (own.isEmpty()) {
        continue;
      }
      if (merged == null) {
        merged = new HashMap<>(outer);
      }
      merged.putAll(own);
    }
    return Map.copyOf(merged == null ? outer : merged);
  }
}

package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import java.io.IOException;

/** Applies RFC 6902 patches with java-json-tools, as the API server would. */
public final class Patches {
  private Patches() {}

  /**
   * Returns {@code document} with {@code patch} applied; the input is not modified.
   *
   * @throws IllegalStateException if the patch does not apply (a bug in the engine, never user
   *     error)
   */
  public static JsonNode apply(JsonNode patch, JsonNode document) {
    try {
      return JsonPatch.fromJson(patch).apply(document);
    } catch (IOException | JsonPatchException e) {
      throw new IllegalStateException("the generated patch does not apply: " + e.getMessage(), e);
    }
  }
}

package io.github.oras.operator.api;

/**
 * One violation of the annotation contract: which annotation, which value, and the rule it broke.
 *
 * @param key the short key (without {@link Annotations#PREFIX}), e.g. {@code output-path}
 * @param value the offending value, or {@code null} when the problem is a missing annotation; the
 *     message shows at most a short prefix of it (see {@link Excerpt})
 * @param rule why the value is refused, phrased so a user knows what to write instead
 */
public record AnnotationError(String key, String value, String rule) {

  public String message() {
    String name = Annotations.qualified(Excerpt.of(key));
    return value == null ? name + ": " + rule : name + "=" + quote(Excerpt.of(value)) + ": " + rule;
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return message();
  }
}

package io.github.oras.operator.api;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code output-uri}: an artifact reference whose tag may hold the placeholders {@code {index}}
 * and {@code {pod}}. The push step replaces them with its own pod's values, so the pods of a
 * parallel workload push to tags of their own instead of overwriting one another.
 *
 * @param text the reference as written (qualified with a registry once {@link #qualifiedWith} ran)
 * @param registry the registry host the reference names, if any
 * @param placeholders the placeholders its tag uses; empty for a fixed tag
 */
public record OutputReference(
    String text, Optional<String> registry, Set<Placeholder> placeholders) {

  /** A per-pod value in the tag, and the longest text it can stand for. */
  public enum Placeholder {
    /**
     * The pod's index: {@code JOB_COMPLETION_INDEX} of an Indexed Job, {@code <job>-<pod>} in a
     * JobSet; two 32-bit numbers joined by {@code -} at most.
     */
    INDEX("{index}", 21),
    /** The pod's name; names that controllers generate have at most 63 characters. */
    POD("{pod}", 63);

    private final String token;
    private final int maxLength;

    Placeholder(String token, int maxLength) {
      this.token = token;
      this.maxLength = maxLength;
    }

    public String token() {
      return token;
    }

    public int maxLength() {
      return maxLength;
    }
  }

  private static final int MAX_TAG = 128;
  private static final Pattern BRACED = Pattern.compile("\\{[^{}]{0,32}\\}");
  private static final Pattern TAG_CHARACTERS = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  public OutputReference {
    placeholders = placeholders.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(placeholders));
  }

  /**
   * Parses an {@code output-uri}: a reference as {@link ArtifactReference#parse} reads it, whose
   * tag may contain placeholders, as long as it stays a valid tag whatever they are replaced with.
   *
   * @throws IllegalArgumentException saying which part is wrong and how to write it
   */
  public static OutputReference parse(String text) {
    if (text == null || text.indexOf('{') < 0 && text.indexOf('}') < 0) {
      ArtifactReference fixed = ArtifactReference.parse(text);
      return new OutputReference(text, fixed.registry(), Set.of());
    }
    Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
    placeholdersIn(text, used);
    int tagStart = tagStart(text);
    if (tagStart < 0 || text.indexOf('{') < tagStart) {
      throw new IllegalArgumentException(
          "placeholders belong in the tag, after the last \":\", e.g. metric/lammps:iter-0-{index}");
    }
    String tag = tagOf(text, tagStart);
    checkTag(tag, used);
    ArtifactReference longest = ArtifactReference.parse(expandWithLongest(text));
    return new OutputReference(text, longest.registry(), used);
  }

  /** Whether each pod pushes to a tag of its own. */
  public boolean perPod() {
    return !placeholders.isEmpty();
  }

  /** This reference with {@code defaultRegistry} in front, unless it names its own host. */
  public OutputReference qualifiedWith(String defaultRegistry) {
    return registry.isPresent()
        ? this
        : new OutputReference(
            defaultRegistry + "/" + text, Optional.of(defaultRegistry), placeholders);
  }

  /**
   * The reference one pod pushes to.
   *
   * @param values the value of every placeholder the tag uses
   * @throws IllegalArgumentException when a value is missing or the result is not a valid reference
   */
  public ArtifactReference expand(Map<Placeholder, String> values) {
    String expanded = text;
    for (Placeholder placeholder : placeholders) {
      String value = values.get(placeholder);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            "the tag of "
                + text
                + " uses "
                + placeholder.token()
                + " but this pod has no value for it");
      }
      expanded = expanded.replace(placeholder.token(), value);
    }
    return ArtifactReference.parse(expanded);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Collects the placeholders of {@code text}; unknown or unbalanced braces are refused. */
  private static void placeholdersIn(String text, Set<Placeholder> used) {
    StringBuilder rest = new StringBuilder();
    Matcher braced = BRACED.matcher(text);
    int last = 0;
    while (braced.find()) {
      Placeholder placeholder = placeholder(braced.group());
      used.add(placeholder);
      rest.append(text, last, braced.start());
      last = braced.end();
    }
    rest.append(text.substring(last));
    if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0) {
      throw new IllegalArgumentException(
          "has a { or } that is not part of a placeholder; the tag may use {index} and {pod}");
    }
  }

  private static Placeholder placeholder(String token) {
    for (Placeholder placeholder : Placeholder.values()) {
      if (placeholder.token().equals(token)) {
        return placeholder;
      }
    }
    throw new IllegalArgumentException(
        "unknown placeholder "
            + token
            + ": the tag may use {index} (the pod's index in an Indexed Job or JobSet) and {pod}"
            + " (the pod's name)");
  }

  /** Index of the tag's first character, or -1 when the reference has no tag. */
  private static int tagStart(String text) {
    int at = text.indexOf('@');
    String name = at < 0 ? text : text.substring(0, at);
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? colon + 1 : -1;
  }

  private static String tagOf(String text, int tagStart) {
    int at = text.indexOf('@');
    return at < 0 ? text.substring(tagStart) : text.substring(tagStart, at);
  }

  private static void checkTag(String tag, Set<Placeholder> used) {
    String shortest = tag;
    int longest = tag.length();
    for (Placeholder placeholder : used) {
      int count = occurrences(tag, placeholder.token());
      shortest = shortest.replace(placeholder.token(), "0");
      longest += count * (placeholder.maxLength() - placeholder.token().length());
    }
    if (!TAG_CHARACTERS.matcher(shortest).matches()) {
      throw new IllegalArgumentException(
          "tag \""
              + tag
              + "\" is not valid: besides placeholders use A-Z a-z 0-9 _ . -, not starting with . or"
              + " -");
    }
    if (longest > MAX_TAG) {
      throw new IllegalArgumentException(
          "tag \""
              + tag
              + "\" can grow to "
              + longest
              + " characters once its placeholders are replaced ({index} stands for up to "
              + Placeholder.INDEX.maxLength()
              + ", {pod} for up to "
              + Placeholder.POD.maxLength()
              + "); a tag holds at most "
              + MAX_TAG
              + ": shorten the fixed part");
    }
  }

  private static int occurrences(String text, String token) {
    int count = 0;
    for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
      count++;
    }
    return count;
  }

  /** The text with every placeholder replaced by its longest possible value. */
  private static String expandWithLongest(String text) {
    String expanded = text;
    for (Placeholder placeholder : Placeholder.values()) {
      expanded = expanded.replace(placeholder.token(), "0".repeat(placeholder.maxLength()));
    }
    return expanded;
  }
}

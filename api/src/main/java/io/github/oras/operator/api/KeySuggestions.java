package io.github.oras.operator.api;

import java.util.Comparator;
import java.util.Optional;

/**
 * Suggests the known key a mistyped one was probably meant to be ({@code ouput-uri} → {@code
 * output-uri}).
 */
final class KeySuggestions {
  private static final int MAX_DISTANCE = 3;
  private static final int LONGEST_KEY =
      Annotations.USER_KEYS.stream().mapToInt(String::length).max().orElse(0);

  private KeySuggestions() {}

  static Optional<String> closest(String key) {
    if (key.length() > LONGEST_KEY + MAX_DISTANCE) {
      // Too far from every known key; and the distance costs the product of the lengths.
      return Optional.empty();
    }
    return Annotations.USER_KEYS.stream()
        .filter(known -> distance(key, known) <= MAX_DISTANCE)
        .min(Comparator.comparingInt(known -> distance(key, known)));
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

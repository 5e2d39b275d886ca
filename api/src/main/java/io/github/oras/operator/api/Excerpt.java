package io.github.oras.operator.api;

/**
 * A user's value as error messages show it: whole when short, else a short prefix and the length.
 * Annotation values may be up to 256 KiB (more in a request posted to the webhook directly), and a
 * message that echoes them whole would be as large: the API server returns it to the client, logs
 * it and may store it in an Event.
 */
public final class Excerpt {
  /** The most characters of a value any error message shows. */
  public static final int MAX_CHARS = 64;

  private Excerpt() {}

  /** {@code value} itself when at most {@link #MAX_CHARS} long, else its start and its length. */
  public static String of(String value) {
    return of(value, MAX_CHARS);
  }

  /** {@code value} itself when at most {@code max} long, else its start and its length. */
  public static String of(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = max;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return value.substring(0, end) + "... (" + value.length() + " characters)";
  }
}

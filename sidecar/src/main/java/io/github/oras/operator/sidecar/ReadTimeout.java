package io.github.oras.operator.sidecar;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The idle-read limit of transfers as users write it: {@code 60s}, {@code 2m}, {@code 500ms}, or a
 * bare number of seconds; from 1 ms up to 24 hours.
 */
public final class ReadTimeout {
  /** The environment variable of the pull and push containers. */
  public static final String ENV = "ORAS_READ_TIMEOUT";

  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)?");
  private static final Duration MAX = Duration.ofHours(24);

  private ReadTimeout() {}

  /**
   * @param name where the value came from, for the message ({@code --read-timeout}, {@code
   *     ORAS_READ_TIMEOUT})
   * @throws IllegalArgumentException naming {@code name}, echoing the value and the rule
   */
  public static Duration parse(String value, String name) {
    Matcher m = FORM.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration duration =
          switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
          };
      if (!duration.isZero() && duration.compareTo(MAX) <= 0) {
        return duration;
      }
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    throw new IllegalArgumentException(
        name
            + "=\""
            + shown
            + "\" is not a read timeout: write a duration from 1ms to 24h such as 60s, 2m or"
            + " 500ms (a bare number means seconds)");
  }
}

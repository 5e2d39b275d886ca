package io.github.oras.operator.sidecar;

import java.util.Locale;

/** The text of a transfer's progress line: bytes, rate and, when the total is known, the ETA. */
public final class ProgressFormat {
  private ProgressFormat() {}

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  /**
   * For example {@code pushing data.bin 12.3 MiB / 1.0 GiB 45.6 MiB/s ETA 0:21}.
   *
   * @param total the number of bytes to move, or a negative number when unknown
   * @param elapsedNanos time since the transfer began
   */
  public static String line(String what, long bytes, long total, long elapsedNanos) {
    long done = Math.max(0, bytes);
    double seconds = Math.max(0, elapsedNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    StringBuilder line = new StringBuilder(what).append("  ").append(size(done));
    if (total >= 0) {
      line.append(" / ").append(size(total));
    }
    line.append("  ").append(size(Math.round(rate))).append("/s");
    if (total >= 0 && done < total && rate > 0) {
      line.append("  ETA ").append(duration((total - done) / rate));
    }
    return line.toString();
  }

  /** A byte count in binary units, three significant digits at most: 999 B, 12.3 MiB. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return Math.max(0, bytes) + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    String number =
        value >= 99.95
            ? String.format(Locale.ROOT, "%.0f", value)
            : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + UNITS[unit];
  }

  /**
   * Seconds as {@code m:ss}, {@code h:mm:ss} from an hour on, {@code 12h05m} from ten hours on (at
   * most 7 characters, like the rest); {@code >99h} beyond.
   */
  public static String duration(double seconds) {
    long s = (long) Math.ceil(Math.max(0, seconds));
    if (s >= 100 * 3600L) {
      return ">99h";
    }
    long h = s / 3600;
    long m = s / 60 % 60;
    long r = s % 60;
    if (h >= 10) {
      return String.format(Locale.ROOT, "%dh%02dm", h, m);
    }
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r)
        : String.format(Locale.ROOT, "%d:%02d", m, r);
  }
}

package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.Excerpt;
import java.util.List;
import java.util.Map;

/**
 * Caps on what one unpacked directory layer may hold: a decompression bomb (a few KB of gzip that
 * inflate to terabytes or to millions of entries) fails with a message naming the cap instead of
 * filling the node's disk. The defaults are far above any real workflow's inputs.
 *
 * @param maxFileBytes largest single file
 * @param maxTotalBytes sum of all file sizes
 * @param maxEntries number of tar entries (files, directories and links)
 */
public record ExtractionLimits(long maxFileBytes, long maxTotalBytes, long maxEntries) {
  /** Optional: the largest file an unpacked input directory may contain, in bytes. */
  public static final String ENV_MAX_FILE_SIZE = "ORAS_MAX_FILE_SIZE";

  /** Optional: the most bytes one unpacked input directory may hold in all. */
  public static final String ENV_MAX_TOTAL_SIZE = "ORAS_MAX_TOTAL_SIZE";

  /** Optional: the most entries (files, directories, links) one input directory may hold. */
  public static final String ENV_MAX_ENTRIES = "ORAS_MAX_ENTRIES";

  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 30;
  public static final long DEFAULT_MAX_TOTAL_BYTES = 64L << 30;
  public static final long DEFAULT_MAX_ENTRIES = 1_000_000;

  public static final ExtractionLimits DEFAULT =
      new ExtractionLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_ENTRIES);

  public ExtractionLimits {
    if (maxFileBytes <= 0 || maxTotalBytes <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("extraction limits must be positive");
    }
  }

  public ExtractionLimits withMaxFileBytes(long bytes) {
    return new ExtractionLimits(bytes, maxTotalBytes, maxEntries);
  }

  /** Reads the three variables; each wrong value is added to {@code errors}, naming it. */
  public static ExtractionLimits fromEnvironment(Map<String, String> env, List<String> errors) {
    return new ExtractionLimits(
        positive(env, ENV_MAX_FILE_SIZE, DEFAULT_MAX_FILE_BYTES, "bytes", errors),
        positive(env, ENV_MAX_TOTAL_SIZE, DEFAULT_MAX_TOTAL_BYTES, "bytes", errors),
        positive(env, ENV_MAX_ENTRIES, DEFAULT_MAX_ENTRIES, "entries", errors));
  }

  private static long positive(
      Map<String, String> env, String key, long fallback, String unit, List<String> errors) {
    String value = env.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value.trim());
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        key + " must be a positive number of " + unit + ", not \"" + Excerpt.of(value) + "\"");
    return fallback;
  }
}

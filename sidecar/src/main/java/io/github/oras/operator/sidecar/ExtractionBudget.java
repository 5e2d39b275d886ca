package io.github.oras.operator.sidecar;

/**
 * What one archive has used of its {@link ExtractionLimits} so far: entries and unpacked bytes.
 * Each check refuses the entry that would go over a cap, naming the cap and how to raise it.
 */
final class ExtractionBudget {
  private final ExtractionLimits limits;
  private long entries;
  private long totalBytes;

  ExtractionBudget(ExtractionLimits limits) {
    this.limits = limits;
  }

  /** Counts one more entry. */
  void entry(String name) {
    if (++entries > limits.maxEntries()) {
      throw TarExtractor.refuse(
          name,
          "is one entry too many: the archive holds more than "
              + limits.maxEntries()
              + " entries (raise the limit with --max-entries or "
              + ExtractionLimits.ENV_MAX_ENTRIES
              + ")");
    }
  }

  /** Refuses a file of {@code size} bytes (as announced, or as copied so far) over the cap. */
  void checkFileSize(String name, long size) {
    if (size > limits.maxFileBytes()) {
      throw TarExtractor.refuse(
          name,
          "is over the limit of "
              + limits.maxFileBytes()
              + " bytes per file (raise it with --max-file-size or "
              + ExtractionLimits.ENV_MAX_FILE_SIZE
              + ")");
    }
  }

  /** Refuses {@code more} bytes that would bring the total over the cap. */
  void checkTotal(String name, long more) {
    if (totalBytes + more > limits.maxTotalBytes()) {
      throw TarExtractor.refuse(
          name,
          "brings the unpacked size over the limit of "
              + limits.maxTotalBytes()
              + " bytes (raise it with --max-total-size or "
              + ExtractionLimits.ENV_MAX_TOTAL_SIZE
              + ")");
    }
  }

  /** Checks, then counts {@code bytes} written. */
  void add(String name, long bytes) {
    checkTotal(name, bytes);
    totalBytes += bytes;
  }
}

package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Bounded retries with exponential backoff for transient registry failures (connection errors, 429,
 * 5xx). Authentication, permission and not-found errors are final and fail at once.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

  /** One attempt now and up to five more over about 15 seconds. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(8));

  /** No retries. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** A step that may fail with a registry or I/O error. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code step}, retrying transient failures.
   *
   * @param what what the step does, for messages ("upload blob sha256:...")
   * @param onRetry told about each failure that will be retried
   */
  public <T> T run(String what, Step<T> step, Consumer<String> onRetry) {
    Duration delay = initialDelay;
    for (int attempt = 1; ; attempt++) {
      RegistryException failure;
      try {
        return step.run();
      } catch (RegistryException e) {
        failure = e;
      } catch (IOException | UncheckedIOException e) {
        failure = ioFailure(what, e);
      }
      if (!failure.retryable() || attempt >= maxAttempts) {
        throw attempt > 1 && failure.retryable()
            ? new RegistryException(
                failure.kind(),
                failure.getMessage() + " (gave up after " + attempt + " attempts)",
                failure)
            : failure;
      }
      onRetry.accept(failure.getMessage() + "; retrying in " + delay.toMillis() + " ms");
      sleep(delay);
      delay = min(delay.multipliedBy(2), maxDelay);
    }
  }

  private static RegistryException ioFailure(String what, Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    Throwable incurable = finalCause(cause);
    Throwable shown = incurable != null ? incurable : cause;
    String detail =
        shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
    // A local file problem, a TLS refusal or corrupt content does not go away by asking again.
    RegistryException.Kind kind =
        incurable != null ? RegistryException.Kind.INVALID : RegistryException.Kind.TRANSIENT;
    return new RegistryException(kind, what + " failed: " + describe(shown, detail), cause);
  }

  /** The first cause (the HTTP client wraps them) that retrying cannot cure, or null. */
  private static Throwable finalCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.nio.file.FileSystemException
          || t instanceof javax.net.ssl.SSLException
          || t instanceof CorruptBlobException
          || t instanceof BoundedBody.TooLarge
          || t instanceof java.util.zip.ZipException) {
        return t;
      }
    }
    return null;
  }

  private static String describe(Throwable cause, String detail) {
    if (cause instanceof java.net.ConnectException) {
      return "cannot connect to the registry (" + detail + ")";
    }
    if (cause instanceof javax.net.ssl.SSLException) {
      return "TLS failed ("
          + detail
          + "); for a private CA use --ca-file or ORAS_CA_FILE,"
          + " for a plain HTTP registry --plain-http";
    }
    if (cause instanceof java.nio.file.FileSystemException f) {
      return (f.getReason() == null ? "file error" : f.getReason()) + ": " + f.getFile();
    }
    return detail;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          RegistryException.Kind.INVALID, "interrupted while waiting to retry", e);
    }
  }
}

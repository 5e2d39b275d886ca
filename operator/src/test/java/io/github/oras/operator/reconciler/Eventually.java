package io.github.oras.operator.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for the operator to converge: polls until the value satisfies the predicate, and fails with
 * the last value seen after a generous bound, so a broken operator fails the test instead of
 * hanging.
 */
final class Eventually {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 50;

  private Eventually() {}

  static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
    Instant deadline = Instant.now().plus(BOUND);
    T last = null;
    while (Instant.now().isBefore(deadline)) {
      last = probe.get();
      if (last != null && done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
    throw new AssertionError("gave up waiting for " + what + "; last value: " + last);
  }
}

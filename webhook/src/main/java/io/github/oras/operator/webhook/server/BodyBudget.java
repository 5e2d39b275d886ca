package io.github.oras.operator.webhook.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of large request bodies the server holds at once, shared by all connections (see {@link
 * ServerLimits#largeBodyBudgetBytes()}). A request reserves what its body holds beyond {@link
 * ServerLimits#SMALL_BODY_BYTES} before reading it, and releases it once answered.
 */
final class BodyBudget {
  private final long capacity;
  private final AtomicLong reserved = new AtomicLong();

  BodyBudget(long capacity) {
    this.capacity = capacity;
  }

  /** The part of a body of {@code bodyBytes} that counts against the budget. */
  static long largePart(long bodyBytes) {
    return Math.max(0, bodyBytes - ServerLimits.SMALL_BODY_BYTES);
  }

  /** Takes {@code bytes} if they fit; never blocks. */
  boolean tryReserve(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    while (true) {
      long now = reserved.get();
      if (now + bytes > capacity) {
        return false;
      }
      if (reserved.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    if (bytes > 0) {
      reserved.addAndGet(-bytes);
    }
  }

  long reserved() {
    return reserved.get();
  }

  long capacity() {
    return capacity;
  }
}

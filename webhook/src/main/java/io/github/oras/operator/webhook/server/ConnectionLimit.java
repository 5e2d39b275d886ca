package io.github.oras.operator.webhook.server;

import io.vertx.core.http.HttpConnection;
import java.util.concurrent.atomic.AtomicInteger;

/** Closes connections beyond {@link ServerLimits#maxConnections()} as soon as they open. */
final class ConnectionLimit {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimit(int max) {
    this.max = max;
  }

  /** True when {@code connection} may stay; otherwise it is already being closed. */
  boolean admit(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      connection.close();
      return false;
    }
    return true;
  }

  /** An admitted connection closed. */
  void closed() {
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }
}

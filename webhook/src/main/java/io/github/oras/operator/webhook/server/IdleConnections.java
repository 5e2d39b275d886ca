package io.github.oras.operator.webhook.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that spends too long before or between requests. The timer runs from the
 * moment a connection opens, or its last response ends, until the next request's headers are
 * complete, so a client that trickles header bytes (slowloris) is cut off, which an idle timeout
 * alone would not do: every trickled byte resets it.
 */
final class IdleConnections {
  private final Vertx vertx;
  private final long idleMillis;
  private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

  IdleConnections(Vertx vertx, long idleMillis) {
    this.vertx = vertx;
    this.idleMillis = idleMillis;
  }

  /** Watches {@code connection}; {@code onClose} runs when it closes. */
  void opened(HttpConnection connection, Runnable onClose) {
    connection.closeHandler(
        ignored -> {
          disarm(connection);
          onClose.run();
        });
    arm(connection);
  }

  void requestStarted(HttpConnection connection) {
    disarm(connection);
  }

  void responseEnded(HttpConnection connection) {
    arm(connection);
  }

  private void arm(HttpConnection connection) {
    long timer =
        vertx.setTimer(
            idleMillis,
            ignored -> {
              timers.remove(connection);
              connection.close();
            });
    Long previous = timers.put(connection, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void disarm(HttpConnection connection) {
    Long timer = timers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}

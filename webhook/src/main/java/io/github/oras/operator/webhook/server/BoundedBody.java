package io.github.oras.operator.webhook.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads one request body with a size limit and a deadline. Exactly one of the callbacks runs: the
 * body, or a refusal (413 too large, 408 too slow). After a 413 the rest of the body is read and
 * dropped until it ends or the deadline passes, then the connection is closed: closing while the
 * client still sends would reset the connection and lose the 413 answer on the way.
 */
final class BoundedBody {

  /** Why a body was not read. */
  record Refusal(int status, String result, String message) {}

  private final HttpServerRequest request;
  private final Buffer body = Buffer.buffer();
  private boolean finished;
  private boolean draining;

  private BoundedBody(HttpServerRequest request) {
    this.request = request;
  }

  static void read(
      Vertx vertx,
      HttpServerRequest request,
      ServerLimits limits,
      Consumer<byte[]> onBody,
      Consumer<Refusal> onRefusal) {
    BoundedBody reader = new BoundedBody(request);
    long deadline =
        vertx.setTimer(
            limits.readTimeout().toMillis(), ignored -> reader.deadlinePassed(limits, onRefusal));
    request.handler(
        chunk -> {
          if (!reader.finished
              && reader.body.length() + (long) chunk.length() > limits.maxBodyBytes()) {
            reader.refuseTooLarge(limits, onRefusal);
          } else if (!reader.finished) {
            reader.body.appendBuffer(chunk);
          }
        });
    request.endHandler(
        ignored -> {
          vertx.cancelTimer(deadline);
          if (reader.draining) {
            request.connection().close();
          } else if (!reader.finished) {
            reader.finished = true;
            onBody.accept(reader.body.getBytes());
          }
        });
    request.exceptionHandler(ignored -> vertx.cancelTimer(deadline));
    String declared = request.getHeader("Content-Length");
    if (declared != null && parseLength(declared) > limits.maxBodyBytes()) {
      reader.refuseTooLarge(limits, onRefusal);
    }
  }

  private void refuseTooLarge(ServerLimits limits, Consumer<Refusal> onRefusal) {
    finished = true;
    draining = true;
    onRefusal.accept(
        new Refusal(
            413,
            "too_large",
            "the request body is larger than the limit of " + limits.maxBodyBytes() + " bytes"));
  }

  private void deadlinePassed(ServerLimits limits, Consumer<Refusal> onRefusal) {
    if (draining) {
      request.connection().close();
      return;
    }
    if (finished) {
      return;
    }
    finished = true;
    onRefusal.accept(
        new Refusal(
            408,
            "timeout",
            "the request body did not arrive within " + limits.readTimeout().toMillis() + " ms"));
    request.connection().close();
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

package io.github.oras.operator.webhook.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads one request body with a size limit and a deadline. Exactly one of the callbacks runs: the
 * body, or an HTTP error (413 too large, 408 too slow) after which the connection is closed, since
 * the rest of the body will not be read.
 */
final class BoundedBody {

  /** Why a body was not read. */
  record Refusal(int status, String result, String message) {}

  private final HttpServerRequest request;
  private final Buffer body = Buffer.buffer();
  private boolean finished;

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
    String declared = request.getHeader("Content-Length");
    if (declared != null && parseLength(declared) > limits.maxBodyBytes()) {
      reader.refuse(onRefusal, tooLarge(limits));
      return;
    }
    long deadline =
        vertx.setTimer(
            limits.readTimeout().toMillis(),
            ignored ->
                reader.refuse(
                    onRefusal,
                    new Refusal(
                        408,
                        "timeout",
                        "the request body did not arrive within " + limits.readTimeout().toMillis() + " ms")));
    request.handler(
        chunk -> {
          if (reader.finished) {
            return;
          }
          if (reader.body.length() + (long) chunk.length() > limits.maxBodyBytes()) {
            vertx.cancelTimer(deadline);
            reader.refuse(onRefusal, tooLarge(limits));
            return;
          }
          reader.body.appendBuffer(chunk);
        });
    request.endHandler(
        ignored -> {
          vertx.cancelTimer(deadline);
          if (!reader.finished) {
            reader.finished = true;
            onBody.accept(reader.body.getBytes());
          }
        });
    request.exceptionHandler(ignored -> vertx.cancelTimer(deadline));
  }

  private static Refusal tooLarge(ServerLimits limits) {
    return new Refusal(413, "too_large", "the request body is larger than the limit of " + limits.maxBodyBytes() + " bytes");
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void refuse(Consumer<Refusal> onRefusal, Refusal refusal) {
    if (finished) {
      return;
    }
    finished = true;
    onRefusal.accept(refusal);
  }
}

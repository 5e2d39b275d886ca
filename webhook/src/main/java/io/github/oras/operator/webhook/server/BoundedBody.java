package io.github.oras.operator.webhook.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads one request body with a size limit, a deadline and a share of the server's {@link
 * BodyBudget}. Exactly one of the callbacks runs: the body, or a refusal (413 too large, 408 too
 * slow, 503 too many large bodies at once). After a 413 or 503 the rest of the body is read and
 * dropped until it ends or the deadline passes, then the connection is closed: closing while the
 * client still sends would reset the connection and lose the answer on the way. The budget taken is
 * held until {@link #release()}, after the answer is sent.
 */
final class BoundedBody {

  /** Why a body was not read. */
  record Refusal(int status, String result, String message) {}

  private final HttpServerRequest request;
  private final BodyBudget budget;
  private Buffer body;
  private long reserved;
  private boolean finished;
  private boolean draining;

  private BoundedBody(HttpServerRequest request, BodyBudget budget) {
    this.request = request;
    this.budget = budget;
    this.body = Buffer.buffer();
  }

  static BoundedBody read(
      Vertx vertx,
      HttpServerRequest request,
      ServerLimits limits,
      BodyBudget budget,
      Consumer<byte[]> onBody,
      Consumer<Refusal> onRefusal) {
    long declared = parseLength(request.getHeader("Content-Length"));
    boolean fits = declared > 0 && declared <= limits.maxBodyBytes();
    BoundedBody reader = new BoundedBody(request, budget);
    long deadline =
        vertx.setTimer(
            limits.readTimeout().toMillis(), ignored -> reader.deadlinePassed(limits, onRefusal));
    request.handler(chunk -> reader.chunk(chunk, limits, onRefusal));
    request.endHandler(
        ignored -> {
          vertx.cancelTimer(deadline);
          if (reader.draining) {
            request.connection().close();
          } else if (!reader.finished) {
            reader.finished = true;
            byte[] bytes = reader.body.getBytes();
            reader.body = null; // the bytes are the only copy from here on
            onBody.accept(bytes);
          }
        });
    request.exceptionHandler(
        ignored -> {
          vertx.cancelTimer(deadline);
          reader.release();
        });
    if (declared > limits.maxBodyBytes()) {
      reader.refuseTooLarge(limits, onRefusal);
    } else if (fits && !reader.reserve(declared)) {
      reader.refuseBusy(onRefusal);
    } else if (fits) {
      // Room for the whole body at once, allocated only once the budget holds it.
      reader.body = Buffer.buffer((int) declared);
    }
    return reader;
  }

  private void chunk(Buffer chunk, ServerLimits limits, Consumer<Refusal> onRefusal) {
    if (finished) {
      return;
    }
    long length = body.length() + (long) chunk.length();
    if (length > limits.maxBodyBytes()) {
      refuseTooLarge(limits, onRefusal);
    } else if (!reserve(length)) {
      refuseBusy(onRefusal);
    } else {
      body.appendBuffer(chunk);
    }
  }

  /** Holds budget for a body of {@code bodyBytes} in all; false when the budget is spent. */
  private boolean reserve(long bodyBytes) {
    long needed = BodyBudget.largePart(bodyBytes) - reserved;
    if (needed <= 0) {
      return true;
    }
    if (!budget.tryReserve(needed)) {
      return false;
    }
    reserved += needed;
    return true;
  }

  /** Gives back the budget this body held; idempotent. Runs on the request's event loop. */
  void release() {
    budget.release(reserved);
    reserved = 0;
    body = null;
  }

  private void refuseTooLarge(ServerLimits limits, Consumer<Refusal> onRefusal) {
    stopReading();
    onRefusal.accept(
        new Refusal(
            413,
            "too_large",
            "the request body is larger than the limit of " + limits.maxBodyBytes() + " bytes"));
  }

  private void refuseBusy(Consumer<Refusal> onRefusal) {
    stopReading();
    onRefusal.accept(
        new Refusal(
            503,
            "busy",
            String.format(
                Locale.ROOT,
                "the webhook is busy with other large requests (%.1f of %.1f MiB of request bodies"
                    + " held); retry in a moment",
                budget.reserved() / (1024.0 * 1024.0),
                budget.capacity() / (1024.0 * 1024.0))));
  }

  private void stopReading() {
    finished = true;
    draining = true;
    release();
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
    release();
    onRefusal.accept(
        new Refusal(
            408,
            "timeout",
            "the request body did not arrive within " + limits.readTimeout().toMillis() + " ms"));
    request.connection().close();
  }

  private static long parseLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

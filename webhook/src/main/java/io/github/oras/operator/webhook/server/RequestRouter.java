package io.github.oras.operator.webhook.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's endpoints: {@code POST /mutate}, {@code GET /healthz}, {@code /readyz}, {@code
 * /metrics}. Errors are short plain-text messages that say what was wrong, never a stack trace.
 */
final class RequestRouter {
  private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
  private static final String USAGE =
      "endpoints: POST /mutate, GET /healthz, GET /readyz, GET /metrics";

  private final Vertx vertx;
  private final ServerLimits limits;
  private final AdmissionReviewCodec codec;
  private final AdmissionHandler handler;
  private final WebhookMetrics metrics;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final IdleConnections idle;
  private final BooleanSupplier ready;
  private final BodyBudget budget;

  /** Whether small reviews are answered on the event loop (the cache lookup never blocks). */
  private final boolean answersInline;

  RequestRouter(
      Vertx vertx,
      ServerLimits limits,
      AdmissionReviewCodec codec,
      AdmissionHandler handler,
      WebhookMetrics metrics,
      IdleConnections idle,
      BooleanSupplier ready,
      boolean answersInline) {
    this.vertx = vertx;
    this.limits = limits;
    this.codec = codec;
    this.handler = handler;
    this.metrics = metrics;
    this.idle = idle;
    this.ready = ready;
    this.budget = new BodyBudget(limits.largeBodyBudgetBytes());
    this.answersInline = answersInline;
  }

  void handle(HttpServerRequest request) {
    idle.requestStarted(request.connection());
    request.response().endHandler(ignored -> idle.responseEnded(request.connection()));
    String path = request.path();
    switch (path) {
      case "/mutate" -> {
        if (request.method() == HttpMethod.POST) {
          mutate(request);
        } else {
          request.response().putHeader("Allow", "POST");
          text(request, 405, "use POST for /mutate");
        }
      }
      case "/healthz" -> text(request, 200, "ok");
      case "/readyz" -> {
        if (ready.getAsBoolean()) {
          text(request, 200, "ready");
        } else {
          text(
              request,
              503,
              "not ready: certificates, policies or the OrasCache watch are not loaded yet, or the server"
                  + " is stopping");
        }
      }
      case "/metrics" ->
          request
              .response()
              .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
              .end(metrics.scrape());
      default -> text(request, 404, "no such endpoint " + path + "; " + USAGE);
    }
  }

  private void mutate(HttpServerRequest request) {
    BoundedBody[] reader = new BoundedBody[1];
    reader[0] =
        BoundedBody.read(
            vertx,
            request,
            limits,
            budget,
            body -> answer(request, body, reader[0]),
            refusal -> {
              metrics.recordHttpError(refusal.result());
              LOG.warn("refused request from {}: {}", request.remoteAddress(), refusal.message());
              // The connection is closed after this answer (once the rest of the body is dropped).
              request.response().putHeader("Connection", "close");
              if (refusal.status() == 503) {
                request.response().putHeader("Retry-After", "1");
              }
              text(request, refusal.status(), refusal.message());
            });
  }

  /** Admission requests read but not yet answered; {@link WebhookServer#stop()} waits for them. */
  int inFlight() {
    return inFlight.get();
  }

  private void answer(HttpServerRequest request, byte[] body, BoundedBody reader) {
    long started = System.nanoTime();
    inFlight.incrementAndGet();
    if (answersInline && body.length <= ServerLimits.SMALL_BODY_BYTES) {
      // An ordinary review takes tens of microseconds and the lookup reads memory: handing it to a
      // worker thread and back would cost more than answering it here.
      Decision decision;
      try {
        decision = decide(body);
      } catch (RuntimeException e) {
        finished(reader);
        failed(request, e);
        return;
      }
      finished(reader);
      respond(request, decision, started);
      return;
    }
    vertx
        .executeBlocking(() -> decide(body), false)
        .onComplete(ignored -> finished(reader))
        .onComplete(
            done -> {
              if (done.failed()) {
                failed(request, done.cause());
              } else {
                respond(request, done.result(), started);
              }
            });
  }

  private void finished(BoundedBody reader) {
    inFlight.decrementAndGet();
    reader.release();
  }

  private void failed(HttpServerRequest request, Throwable cause) {
    LOG.error("unexpected failure answering an admission request", cause);
    metrics.recordHttpError("failed");
    text(request, 500, "internal error; see the webhook's log");
  }

  private void respond(HttpServerRequest request, Decision decision, long started) {
    if (decision.badReview() != null) {
      metrics.recordHttpError("bad_request");
      LOG.warn("bad AdmissionReview from {}: {}", request.remoteAddress(), decision.badReview());
      text(request, 400, decision.badReview());
      return;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    record(decision, elapsed);
    request
        .response()
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(decision.answer().body()));
  }

  /**
   * Parsing and mutating: on the event loop for small bodies when the cache lookup reads memory,
   * else on a worker thread (a lookup that may block, or a large body that takes long).
   */
  private Decision decide(byte[] body) {
    try {
      AdmissionRequest parsed = codec.parse(body);
      return new Decision(parsed, handler.answer(parsed), null);
    } catch (AdmissionReviewCodec.BadReview e) {
      return new Decision(null, null, e.getMessage());
    }
  }

  private record Decision(
      AdmissionRequest request, AdmissionHandler.Answer answer, String badReview) {}

  private void record(Decision decision, Duration elapsed) {
    AdmissionRequest request = decision.request();
    AdmissionHandler.Answer answer = decision.answer();
    metrics.record(answer.kind(), answer.result().label(), elapsed, answer.patchBytes());
    // Patched, skipped and unchanged answers are the hot path: at debug, so that thousands of
    // admissions a second do not wait on the log (the metrics count them). Refusals and failures
    // stay at info.
    boolean routine =
        answer.result() == AdmissionHandler.Result.PATCHED
            || answer.result() == AdmissionHandler.Result.SKIPPED
            || answer.result() == AdmissionHandler.Result.UNCHANGED;
    if (routine && !LOG.isDebugEnabled()) {
      return;
    }
    String line =
        "admission uid={} kind={} namespace={} operation={} dryRun={} result={} patchBytes={}"
            + " micros={}";
    Object[] values = {
      request.uid(),
      request.kind(),
      request.namespace(),
      request.operation(),
      request.dryRun(),
      answer.result().label(),
      answer.patchBytes(),
      elapsed.toNanos() / 1000
    };
    if (routine) {
      LOG.debug(line, values);
    } else {
      LOG.info(line, values);
    }
  }

  private static void text(HttpServerRequest request, int status, String message) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(message + "\n");
  }
}

package io.github.oras.operator.webhook.server;

import io.github.oras.operator.api.Excerpt;
import io.github.oras.operator.engine.MutationEngine;
import io.github.oras.operator.engine.MutationOutcome;
import io.github.oras.operator.spi.GroupVersionKind;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one parsed AdmissionRequest with the engine: the HTTP side stays in {@link
 * WebhookServer}. Pure apart from the engine's cache lookup, so it may block only as long as that
 * does.
 */
public final class AdmissionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionHandler.class);
  private final MutationEngine engine;
  private final AdmissionReviewCodec codec;

  public AdmissionHandler(MutationEngine engine, AdmissionReviewCodec codec) {
    this.engine = engine;
    this.codec = codec;
  }

  /** The response body and what it amounted to, for logs and metrics. */
  public record Answer(byte[] body, Result result, int patchBytes, String kind) {}

  /** What the server did with a request; the {@code result} label of its metrics. */
  public enum Result {
    PATCHED,
    UNCHANGED,
    SKIPPED,
    REJECTED,
    FAILED;

    public String label() {
      return name().toLowerCase();
    }
  }

  /**
   * The answer to one request. A dry run gets the same answer as a real one: the webhook has no
   * side effects (sideEffects: None), so there is nothing to hold back.
   */
  public Answer answer(AdmissionRequest request) {
    String kind = kindLabel(request);
    if (!"CREATE".equals(request.operation())) {
      // Only CREATE is mutated: mutating on UPDATE double-injected in the first implementation.
      return new Answer(codec.allow(request.uid(), List.of()), Result.SKIPPED, 0, kind);
    }
    MutationOutcome outcome;
    try {
      outcome = engine.mutate(request.object(), request.objectSize(), request.namespace());
    } catch (RuntimeException e) {
      LOG.error("mutation failed for admission uid={} kind={}", request.uid(), kind, e);
      String message =
          "the oras-operator webhook failed on this "
              + kind
              + " ("
              + e.getClass().getSimpleName()
              + "); request uid "
              + request.uid()
              + " is in its log";
      return new Answer(
          codec.deny(request.uid(), 500, "InternalError", message, List.of()),
          Result.FAILED,
          0,
          kind);
    }
    if (outcome instanceof MutationOutcome.Patched patched) {
      byte[] patch = patched.json();
      return new Answer(
          codec.patch(request.uid(), patch, bounded(patched.warnings(), "warnings")),
          Result.PATCHED,
          patch.length,
          kind);
    }
    if (outcome instanceof MutationOutcome.Rejected rejected) {
      return new Answer(
          codec.deny(
              request.uid(),
              400,
              "BadRequest",
              rejectionMessage(rejected.errors()),
              bounded(rejected.warnings(), "warnings")),
          Result.REJECTED,
          0,
          kind);
    }
    return new Answer(
        codec.allow(request.uid(), bounded(outcome.warnings(), "warnings")),
        Result.UNCHANGED,
        0,
        kind);
  }

  /**
   * One message that names every problem, so the user can fix them all in one edit; with very many
   * (a workload with thousands of pod templates) the first few and how many there are, so that the
   * answer stays small.
   */
  static String rejectionMessage(List<String> errors) {
    String header =
        errors.size() == 1
            ? "the oras-operator cache annotations cannot be applied: "
            : "the oras-operator cache annotations cannot be applied ("
                + errors.size()
                + " problems): ";
    return header + String.join("; ", bounded(errors, "problems"));
  }

  /** At most {@link #MAX_MESSAGES} messages, each at most {@link #MAX_MESSAGE_CHARS} long. */
  static List<String> bounded(List<String> messages, String what) {
    List<String> shown = new ArrayList<>();
    for (String message : messages) {
      if (shown.size() == MAX_MESSAGES) {
        shown.add("and " + (messages.size() - MAX_MESSAGES) + " more " + what);
        break;
      }
      shown.add(Excerpt.of(message, MAX_MESSAGE_CHARS));
    }
    return shown;
  }

  static final int MAX_MESSAGES = 10;
  static final int MAX_MESSAGE_CHARS = 1024;

  /**
   * The kind for metrics: only kinds an active policy handles are named, so a client cannot grow
   * the metric's label set without bound.
   */
  private String kindLabel(AdmissionRequest request) {
    GroupVersionKind kind =
        GroupVersionKind.of(request.object()).orElse(new GroupVersionKind("", "", request.kind()));
    return engine.policyFor(kind).isPresent() ? kind.kind() : "other";
  }
}

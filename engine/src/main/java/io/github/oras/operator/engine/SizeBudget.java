package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.Excerpt;
import io.github.oras.operator.spi.PodTemplate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps one mutation within what the API server can store. The injection is copied into every pod
 * template, so a workload with thousands of templates and a long input list would grow by tens of
 * MB: the API server could not store it, and building it would exhaust the webhook's memory. The
 * budget is checked twice: before anything is built, with a lower bound of each template's
 * injection (so the hopeless cases cost no planning at all), and while the patch is built, with the
 * real size of every template's operations (so the patch never grows much past the limit).
 */
final class SizeBudget {
  /** What etcd stores per object by default ({@code --max-request-bytes} = 1.5 MiB). */
  static final long API_SERVER_MAX_OBJECT_BYTES = 1536L * 1024;

  /**
   * No template's injection is smaller (init container, volume, mount, launcher command and
   * environment, marker annotation; about 1 KiB with the default configuration): the lower bound
   * used before anything is built. A test keeps it below the smallest real injection.
   */
  static final int MIN_TEMPLATE_INJECTION_BYTES = 512;

  private static final String CACHE_KEY = Annotations.qualified(Annotations.ORAS_CACHE);
  private static final String INJECTED_KEY = Annotations.qualified(Annotations.INJECTED);
  private static final String INPUT_KEY = Annotations.qualified(Annotations.INPUT_URI);

  private final long limit;
  private final String what;

  /** The object's size; null when no template opted in (then nothing is added to it). */
  private final ObjectSize original;

  private final int templates;
  private long patchBytes;
  private int rendered;

  private SizeBudget(long limit, String what, ObjectSize original, int templates) {
    this.limit = limit;
    this.what = what;
    this.original = original;
    this.templates = templates;
  }

  /**
   * The budget for {@code object}, or why it cannot be met whatever the templates contain: the
   * object's size plus a lower bound of every opted-in template's injection exceeds {@code limit}.
   */
  static Result start(
      JsonNode object, ObjectSize size, String kind, List<PodTemplate> templates, long limit) {
    String what = kind + " " + Excerpt.of(object.path("metadata").path("name").asText(""));
    int optedIn = 0;
    long atLeast = 0;
    int inputs = 0;
    for (PodTemplate template : templates) {
      Map<String, String> annotations = template.annotations();
      if (!annotations.containsKey(CACHE_KEY) || annotations.containsKey(INJECTED_KEY)) {
        continue;
      }
      optedIn++;
      atLeast += MIN_TEMPLATE_INJECTION_BYTES;
      for (Map.Entry<String, String> entry : annotations.entrySet()) {
        if (entry.getKey().startsWith(INPUT_KEY)) {
          atLeast += entry.getValue().length();
          inputs++;
        }
      }
    }
    SizeBudget budget = new SizeBudget(limit, what, optedIn == 0 ? null : size, optedIn);
    if (optedIn > 0 && budget.exceeds(atLeast)) {
      return new Result(Optional.empty(), Optional.of(budget.tooLargeBefore(atLeast, inputs)));
    }
    return new Result(Optional.of(budget), Optional.empty());
  }

  /** A budget to build against, or the message that refuses the mutation. */
  record Result(Optional<SizeBudget> budget, Optional<String> refusal) {}

  /**
   * Counts one more template's operations, {@code bytes} as serialised into the patch with their
   * separators (see {@link PatchJson#append}); the refusal when the object would now exceed the
   * limit.
   */
  Optional<String> add(long bytes) {
    if (bytes > 0) {
      rendered++;
    }
    patchBytes += bytes;
    if (exceeds(patchBytes)) {
      return Optional.of(tooLargeWhileBuilding());
    }
    return Optional.empty();
  }

  /**
   * Whether the object plus {@code added} bytes is over the limit; the object's exact size is
   * computed only when its bounds do not settle it.
   */
  private boolean exceeds(long added) {
    return original == null ? added > limit : !original.atMost(limit - added);
  }

  private long originalBytes() {
    return original == null ? 0 : original.exact();
  }

  private String tooLargeBefore(long atLeast, int inputs) {
    return what
        + ": injecting the cache into its "
        + templates
        + " pod templates would make it at least "
        + mib(originalBytes() + atLeast)
        + " ("
        + mib(originalBytes())
        + " now, and at least "
        + kib(atLeast / templates)
        + " per template for the ORAS containers"
        + (inputs > 0 ? " and its " + inputs / templates + " input references" : "")
        + "), more than the "
        + mib(limit)
        + " the API server stores per object; "
        + ADVICE;
  }

  private String tooLargeWhileBuilding() {
    return what
        + ": injecting the cache into its "
        + templates
        + " pod templates would make it larger than the "
        + mib(limit)
        + " the API server stores per object ("
        + mib(originalBytes())
        + " now, and about "
        + kib(patchBytes / rendered)
        + " per template: over the limit after "
        + rendered
        + " of them); "
        + ADVICE;
  }

  private static final String ADVICE =
      "name fewer inputs (several files fit in one directory artifact), opt in only the pod"
          + " templates that need the cache, or split the workload";

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static String kib(long bytes) {
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }

  /** The size of {@code node} as compact JSON, without building the text. */
  static long serializedBytes(JsonNode node) {
    return ObjectSize.serializedBytes(node);
  }
}

package io.github.oras.operator.spi;

import java.util.List;
import java.util.Optional;

/**
 * How many pods one template makes and what tells them apart at run time, so that the engine can
 * refuse a fixed output tag that several pods would overwrite, and give each pod its {@code
 * {index}}.
 *
 * @param several why the template makes more than one pod, naming the fields (e.g. {@code
 *     spec.parallelism=4}); empty when it makes one
 * @param indexFields downward API field paths whose values, in this order and joined by {@code -},
 *     are a pod's {@code {index}} (e.g. {@code
 *     metadata.annotations['batch.kubernetes.io/job-completion-index']}); empty when the pods have
 *     no index
 * @param noIndex when {@code indexFields} is empty: why, phrased as a fix (e.g. "the Job is not
 *     Indexed: set spec.completionMode: Indexed")
 */
public record PodFanOut(Optional<String> several, List<String> indexFields, String noIndex) {

  /** Downward API path of an Indexed Job pod's completion index. */
  public static final String COMPLETION_INDEX =
      "metadata.annotations['batch.kubernetes.io/job-completion-index']";

  public PodFanOut {
    indexFields = List.copyOf(indexFields);
  }

  /** One pod, without an index: a bare Pod, or a kind this policy knows nothing more about. */
  public static PodFanOut single(String noIndex) {
    return new PodFanOut(Optional.empty(), List.of(), noIndex);
  }

  public boolean hasIndex() {
    return !indexFields.isEmpty();
  }
}

package io.github.oras.operator.policies.metricset;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodFanOut;
import io.github.oras.operator.spi.PodTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flux Metrics Operator {@code MetricSet}s: the metrics operator copies {@code
 * spec.pod.annotations} onto the pod templates of the JobSet it creates, and the webhook injects
 * that JobSet. A mistake found only then is a denial of the metrics operator's request, which the
 * user never sees; this policy checks the annotations when the MetricSet is created, with the
 * messages the JobSet would get, and changes nothing.
 */
public final class MetricSetPolicy implements MutationPolicy {
  public static final String NAME = "metricset";
  public static final GroupVersionKind METRIC_SET =
      new GroupVersionKind("flux-framework.org", "v1alpha2", "MetricSet");

  /** Where the annotations that reach the JobSet's pods are. */
  static final String POD = JsonPointers.of("spec", "pod");

  /** The JobSet's headless service when {@code spec.serviceName} is not set. */
  static final String DEFAULT_SERVICE = "ms";

  /** The container the metrics operator runs the launcher in: its job has one pod. */
  static final String LAUNCHER = "launcher";

  private static final String CONTAINER_ANNOTATION = "oras.converged-computing.github.io/container";

  private static final String JOB_INDEX = "metadata.labels['jobset.sigs.k8s.io/job-index']";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "flux-framework.org/v1alpha2 MetricSet: spec.pod.annotations are checked, not mutated"
        + " (its JobSet is)";
  }

  @Override
  public Set<GroupVersionKind> kinds() {
    return Set.of(METRIC_SET);
  }

  @Override
  public Optional<String> checkOnly() {
    return Optional.of(
        "the Flux Metrics Operator copies spec.pod.annotations onto the pod templates of the JobSet"
            + " it creates from this MetricSet, and the webhook injects that JobSet");
  }

  @Override
  public List<PodTemplate> podTemplates(JsonNode object) {
    if (GroupVersionKind.of(object).filter(METRIC_SET::equals).isEmpty()) {
      return List.of();
    }
    JsonNode annotations = JsonPointers.at(object, POD).path("annotations");
    if (!annotations.isObject()) {
      return List.of();
    }
    Map<String, String> strings = new LinkedHashMap<>();
    annotations
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isTextual()) {
                strings.put(e.getKey(), e.getValue().textValue());
              }
            });
    return List.of(new PodTemplate(POD, strings));
  }

  /**
   * The JobSet's pods are in the headless service {@code spec.serviceName} (default {@code ms}).
   */
  @Override
  public Optional<String> workloadSubdomain(JsonNode object, PodTemplate template) {
    JsonNode name = object.path("spec").path("serviceName");
    return Optional.of(
        name.isTextual() && !name.textValue().isEmpty() ? name.textValue() : DEFAULT_SERVICE);
  }

  /**
   * The JobSet runs {@code spec.pods} pods, in Indexed Jobs; a launcher metric's app (container
   * {@code launcher}) runs in one of them only, the others being workers.
   */
  @Override
  public PodFanOut fanOut(JsonNode object, PodTemplate template) {
    JsonNode pods = object.path("spec").path("pods");
    String container = template.annotations().getOrDefault(CONTAINER_ANNOTATION, "");
    Optional<String> several =
        pods.canConvertToInt() && pods.asInt() > 1 && !container.equals(LAUNCHER)
            ? Optional.of("spec.pods=" + pods.asInt())
            : Optional.empty();
    return new PodFanOut(several, List.of(JOB_INDEX, PodFanOut.COMPLETION_INDEX), "");
  }
}

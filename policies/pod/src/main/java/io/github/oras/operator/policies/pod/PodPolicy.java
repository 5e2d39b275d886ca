package io.github.oras.operator.policies.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodFanOut;
import io.github.oras.operator.spi.PodTemplate;
import java.util.List;
import java.util.Set;

/**
 * Bare {@code v1 Pod}s: the Pod is its own template (pointer {@code ""}) and its annotations are
 * the effective ones. Pods created from an already-mutated Job or JobSet template carry the
 * injection mark, so the engine leaves them alone; enable this policy to mutate Pods that no
 * controller made.
 */
public final class PodPolicy implements MutationPolicy {
  public static final String NAME = "pod";
  public static final GroupVersionKind POD = new GroupVersionKind("", "v1", "Pod");

  /** The Pod itself. */
  private static final String ROOT = "";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "v1 Pod: the Pod itself, governed by its own annotations";
  }

  @Override
  public Set<GroupVersionKind> kinds() {
    return Set.of(POD);
  }

  @Override
  public List<PodTemplate> podTemplates(JsonNode object) {
    boolean isPod = GroupVersionKind.of(object).filter(POD::equals).isPresent();
    if (!isPod || !object.isObject()) {
      return List.of();
    }
    return List.of(new PodTemplate(ROOT, JsonPointers.effectiveAnnotations(object, ROOT)));
  }

  /**
   * One pod. A Pod that an Indexed Job (or a JobSet) made, mutated here because Jobs are not, has
   * the index its controller gave it.
   */
  @Override
  public PodFanOut fanOut(JsonNode object, PodTemplate template) {
    JsonNode metadata = object.path("metadata");
    if (!metadata.path("annotations").has(COMPLETION_INDEX_KEY)) {
      return PodFanOut.single("a bare Pod has no index: use {pod}, or annotate its Job instead");
    }
    List<String> index =
        metadata.path("labels").has(JOB_INDEX_KEY)
            ? List.of("metadata.labels['" + JOB_INDEX_KEY + "']", PodFanOut.COMPLETION_INDEX)
            : List.of(PodFanOut.COMPLETION_INDEX);
    return new PodFanOut(java.util.Optional.empty(), index, "");
  }

  private static final String COMPLETION_INDEX_KEY = "batch.kubernetes.io/job-completion-index";
  private static final String JOB_INDEX_KEY = "jobset.sigs.k8s.io/job-index";
}

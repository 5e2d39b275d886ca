package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodTemplate;
import java.util.List;
import java.util.Set;

/**
 * A test-only policy for batch/v1 Jobs: one template at /spec/template, the Job's annotations
 * inherited.
 */
public final class TestJobPolicy implements MutationPolicy {
  static final GroupVersionKind JOB = new GroupVersionKind("batch", "v1", "Job");

  @Override
  public String name() {
    return "test-job";
  }

  @Override
  public String description() {
    return "test policy: a Job's pod template";
  }

  @Override
  public Set<GroupVersionKind> kinds() {
    return Set.of(JOB);
  }

  @Override
  public List<PodTemplate> podTemplates(JsonNode object) {
    return List.of(
        new PodTemplate(
            "/spec/template", JsonPointers.effectiveAnnotations(object, "", "/spec/template")));
  }
}

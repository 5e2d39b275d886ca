package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodTemplate;
import java.util.List;
import java.util.Set;

/**
 * A test-only policy for bare Pods, so the server's tests do not depend on the real policy modules.
 */
public final class TestPodPolicy implements MutationPolicy {
  static final GroupVersionKind POD = new GroupVersionKind("", "v1", "Pod");

  @Override
  public String name() {
    return "test-pod";
  }

  @Override
  public String description() {
    return "test policy: a Pod is its own template";
  }

  @Override
  public Set<GroupVersionKind> kinds() {
    return Set.of(POD);
  }

  @Override
  public List<PodTemplate> podTemplates(JsonNode object) {
    return List.of(new PodTemplate("", JsonPointers.effectiveAnnotations(object, "")));
  }
}

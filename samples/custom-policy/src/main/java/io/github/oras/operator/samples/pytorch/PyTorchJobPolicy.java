package io.github.oras.operator.samples.pytorch;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodTemplate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Kubeflow's {@code kubeflow.org/v1 PyTorchJob}: one pod template per replica type (Master, Worker,
 * ...) under {@code spec.pytorchReplicaSpecs.<type>.template}. The annotations that govern a template
 * are the PyTorchJob's own merged with the template's, the template's winning, so one annotated
 * Master can push the model while the Workers stay untouched.
 *
 * <p>The webhook does the rest (validation, the ORAS containers, idempotence): a policy only says
 * where the pod templates are.
 */
public final class PyTorchJobPolicy implements MutationPolicy {
  public static final String NAME = "pytorchjob";
  public static final GroupVersionKind PYTORCH_JOB = new GroupVersionKind("kubeflow.org", "v1", "PyTorchJob");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Kubeflow PyTorchJob (spec.pytorchReplicaSpecs.*.template), a plugin from samples/custom-policy";
  }

  @Override
  public Set<GroupVersionKind> kinds() {
    return Set.of(PYTORCH_JOB);
  }

  @Override
  public List<PodTemplate> podTemplates(JsonNode object) {
    JsonNode replicaSpecs = object.path("spec").path("pytorchReplicaSpecs");
    List<PodTemplate> templates = new ArrayList<>();
    // In document order, so that the engine's patch and messages follow the manifest.
    for (Iterator<String> types = replicaSpecs.fieldNames(); types.hasNext(); ) {
      String type = types.next();
      if (!replicaSpecs.path(type).path("template").isObject()) {
        continue;
      }
      String template = JsonPointers.of("spec", "pytorchReplicaSpecs", type, "template");
      templates.add(new PodTemplate(template, JsonPointers.effectiveAnnotations(object, "", template)));
    }
    return templates;
  }
}

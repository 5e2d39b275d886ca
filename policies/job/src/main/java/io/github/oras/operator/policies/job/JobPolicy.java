package io.github.oras.operator.policies.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JobFanOut;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodFanOut;
import io.github.oras.operator.spi.PodTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code batch/v1 Job}s and {@code CronJob}s: one pod template each, found through a table of kind
 * to enclosing objects (as Kyverno's autogen does). The annotations of every enclosing object
 * count, the innermost winning, so a Job annotated on its metadata opts its template in, and a
 * CronJob may be annotated on itself, its {@code jobTemplate} or its pod template.
 */
public final class JobPolicy implements MutationPolicy {
  public static final String NAME = "job";
  public static final GroupVersionKind JOB = new GroupVersionKind("batch", "v1", "Job");
  public static final GroupVersionKind CRON_JOB = new GroupVersionKind("batch", "v1", "CronJob");

  /**
   * Kind to the pointers of the objects whose metadata governs the pod template, outermost first;
   * the last one is the pod template itself.
   */
  private static final Map<GroupVersionKind, List<String>> TEMPLATE_CHAINS =
      Map.of(
          JOB,
          List.of("", JsonPointers.of("spec", "template")),
          CRON_JOB,
          List.of(
              "",
              JsonPointers.of("spec", "jobTemplate"),
              JsonPointers.of("spec", "jobTemplate", "spec", "template")));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "batch/v1 Job (spec.template) and CronJob (spec.jobTemplate.spec.template)";
  }

  @Override
  public Set<GroupVersionKind> kinds() {
    return TEMPLATE_CHAINS.keySet();
  }

  @Override
  public List<PodTemplate> podTemplates(JsonNode object) {
    List<String> chain = GroupVersionKind.of(object).map(TEMPLATE_CHAINS::get).orElse(List.of());
    if (chain.isEmpty()) {
      return List.of();
    }
    String template = chain.get(chain.size() - 1);
    if (!JsonPointers.at(object, template).isObject()) {
      return List.of();
    }
    Map<String, String> annotations =
        JsonPointers.effectiveAnnotations(object, chain.toArray(String[]::new));
    return List.of(new PodTemplate(template, annotations));
  }

  /** A Job's pods: {@code parallelism} and {@code completions}; Indexed Jobs have an index. */
  @Override
  public PodFanOut fanOut(JsonNode object, PodTemplate template) {
    List<String> chain = GroupVersionKind.of(object).map(TEMPLATE_CHAINS::get).orElse(List.of());
    if (chain.size() < 2) {
      return MutationPolicy.super.fanOut(object, template);
    }
    String job = chain.get(chain.size() - 2);
    String where = (job + "/spec").substring(1).replace('/', '.');
    return JobFanOut.of(JsonPointers.at(object, job).path("spec"), where, false);
  }
}

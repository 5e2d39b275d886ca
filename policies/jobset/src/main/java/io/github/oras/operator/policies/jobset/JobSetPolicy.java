package io.github.oras.operator.policies.jobset;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JobFanOut;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodFanOut;
import io.github.oras.operator.spi.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code jobset.x-k8s.io/v1alpha2 JobSet}s: one pod template per replicated job, at {@code
 * /spec/replicatedJobs/<i>/template/spec/template}. A template's annotations are the JobSet's, then
 * the replicated job template's, then the pod template's own (inner wins), so one replicated job
 * can opt in while another stays untouched.
 */
public final class JobSetPolicy implements MutationPolicy {
  public static final String NAME = "jobset";
  public static final GroupVersionKind JOB_SET =
      new GroupVersionKind("jobset.x-k8s.io", "v1alpha2", "JobSet");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "jobset.x-k8s.io/v1alpha2 JobSet: every spec.replicatedJobs[i].template.spec.template";
  }

  @Override
  public Set<GroupVersionKind> kinds() {
    return Set.of(JOB_SET);
  }

  @Override
  public List<PodTemplate> podTemplates(JsonNode object) {
    if (GroupVersionKind.of(object).filter(JOB_SET::equals).isEmpty()) {
      return List.of();
    }
    JsonNode replicatedJobs = object.path("spec").path("replicatedJobs");
    if (!replicatedJobs.isArray()) {
      return List.of();
    }
    List<PodTemplate> templates = new ArrayList<>();
    // Scanned once and shared by every template that adds no annotations of its own.
    Map<String, String> jobSetAnnotations = JsonPointers.ownAnnotations(object, "");
    for (int i = 0; i < replicatedJobs.size(); i++) {
      String jobTemplate =
          JsonPointers.of("spec", "replicatedJobs", Integer.toString(i), "template");
      String podTemplate = JsonPointers.append(jobTemplate, "spec", "template");
      if (JsonPointers.at(object, podTemplate).isObject()) {
        templates.add(
            new PodTemplate(
                podTemplate,
                JsonPointers.effectiveAnnotations(
                    jobSetAnnotations, object, jobTemplate, podTemplate)));
      }
    }
    return List.copyOf(templates);
  }

  /**
   * The JobSet controller puts every pod in a headless service: {@code spec.network.subdomain}, or
   * the JobSet's name, unless {@code spec.network.enableDNSHostnames} is false. A template's own
   * {@code spec.subdomain} comes first.
   */
  @Override
  public Optional<String> workloadSubdomain(JsonNode object, PodTemplate template) {
    Optional<String> own =
        nonEmptyText(JsonPointers.at(object, template.pointer()).path("spec").path("subdomain"));
    if (own.isPresent()) {
      return own;
    }
    JsonNode network = object.path("spec").path("network");
    Optional<String> configured = nonEmptyText(network.path("subdomain"));
    if (configured.isPresent()) {
      return configured;
    }
    JsonNode dnsHostnames = network.path("enableDNSHostnames");
    if (dnsHostnames.isBoolean() && !dnsHostnames.booleanValue()) {
      return Optional.empty();
    }
    return nonEmptyText(object.path("metadata").path("name"));
  }

  /**
   * A replicated job makes {@code replicas} Jobs of {@code parallelism}/{@code completions} pods.
   * JobSet defaults its Jobs to Indexed, and labels each pod with its Job's index, so {@code
   * {index}} is {@code <job index>-<completion index>}.
   */
  @Override
  public PodFanOut fanOut(JsonNode object, PodTemplate template) {
    String jobTemplate =
        template.pointer().substring(0, template.pointer().length() - "/spec/template".length());
    String replicatedJob = jobTemplate.substring(0, jobTemplate.length() - "/template".length());
    String where = replicatedJob.substring(1).replace('/', '.');
    JsonNode jobSpec = JsonPointers.at(object, jobTemplate).path("spec");
    PodFanOut job = JobFanOut.of(jobSpec, where + ".template.spec", true);
    List<String> several = new ArrayList<>();
    JsonNode replicas = JsonPointers.at(object, replicatedJob).path("replicas");
    if (replicas.canConvertToInt() && replicas.asInt() > 1) {
      several.add(where + ".replicas=" + replicas.asInt());
    }
    several.addAll(JobFanOut.severalReasons(jobSpec, where + ".template.spec"));
    List<String> index = new ArrayList<>(List.of(JOB_INDEX));
    if (job.hasIndex()) {
      index.addAll(job.indexFields());
    } else if (!JobFanOut.severalReasons(jobSpec, where + ".template.spec").isEmpty()) {
      return new PodFanOut(JobFanOut.joined(several), List.of(), job.noIndex());
    }
    return new PodFanOut(JobFanOut.joined(several), index, "");
  }

  /** Downward API path of the label JobSet puts on every pod: the index of its Job. */
  static final String JOB_INDEX = "metadata.labels['jobset.sigs.k8s.io/job-index']";

  private static Optional<String> nonEmptyText(JsonNode node) {
    return node.isTextual() && !node.textValue().isEmpty()
        ? Optional.of(node.textValue())
        : Optional.empty();
  }
}

package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pods a workload's pod template makes, named and labelled as its controller would: a Job makes
 * {@code completions} pods (else {@code parallelism}, else one), an Indexed one gives each the
 * completion index as label, annotation and {@code JOB_COMPLETION_INDEX}; a JobSet makes {@code
 * replicas} Jobs per replicated job (Indexed unless said otherwise) and labels their pods with the
 * JobSet's keys. Names are the controller's without its random suffix ({@code <job>-<index>}, for a
 * JobSet {@code <jobset>-<replicatedJob>-<jobIndex>-<index>}), so that a rerun names pods alike.
 */
public final class PodInstances {
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
  static final String JOBSET = "jobset.sigs.k8s.io/";

  private PodInstances() {}

  /**
   * @param workload the admitted object
   * @param pointer the template's JSON Pointer in it
   * @param fallbackName the pod name for kinds this class does not know (one pod per template)
   */
  public static List<PodIdentity> of(
      JsonNode workload, String pointer, String namespace, String fallbackName) {
    String kind = workload.path("kind").asText();
    String apiVersion = workload.path("apiVersion").asText();
    JsonNode template = workload.at(pointer);
    String name = workload.path("metadata").path("name").asText("pod");
    if ("Pod".equals(kind) && "v1".equals(apiVersion)) {
      return List.of(pod(name, namespace, workload.path("metadata"), Map.of(), Map.of()));
    }
    if ("Job".equals(kind) && "batch/v1".equals(apiVersion)) {
      return job(name, namespace, uid(), workload.path("spec"), template, false, Map.of());
    }
    if ("JobSet".equals(kind) && apiVersion.startsWith("jobset.x-k8s.io/")) {
      return jobSet(workload, pointer, namespace);
    }
    return List.of(pod(fallbackName, namespace, template.path("metadata"), Map.of(), Map.of()));
  }

  /** The pods of one Job: {@code jobLabels} go on each, with the Job's own. */
  private static List<PodIdentity> job(
      String job,
      String namespace,
      String jobUid,
      JsonNode jobSpec,
      JsonNode template,
      boolean indexedByDefault,
      Map<String, String> jobLabels) {
    JsonNode mode = jobSpec.path("completionMode");
    boolean indexed = mode.isTextual() ? "Indexed".equals(mode.textValue()) : indexedByDefault;
    int count = count(jobSpec);
    List<PodIdentity> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> labels = new LinkedHashMap<>(jobLabels);
      labels.put("batch.kubernetes.io/controller-uid", jobUid);
      labels.put("batch.kubernetes.io/job-name", job);
      labels.put("controller-uid", jobUid);
      labels.put("job-name", job);
      Map<String, String> annotations = new LinkedHashMap<>(jobLabels);
      Map<String, String> env = new LinkedHashMap<>();
      String podName = job;
      if (indexed) {
        labels.put(COMPLETION_INDEX, Integer.toString(i));
        annotations.put(COMPLETION_INDEX, Integer.toString(i));
        env.put("JOB_COMPLETION_INDEX", Integer.toString(i));
        podName = job + "-" + i;
      } else if (count > 1) {
        podName = job + "-" + i;
      }
      pods.add(pod(podName, namespace, template.path("metadata"), labels, annotations, env));
    }
    return pods;
  }

  /** The pods of the replicated job whose pod template is at {@code pointer}. */
  private static List<PodIdentity> jobSet(JsonNode jobSet, String pointer, String namespace) {
    String jobTemplatePointer = pointer.substring(0, pointer.length() - "/spec/template".length());
    String replicatedPointer =
        jobTemplatePointer.substring(0, jobTemplatePointer.length() - "/template".length());
    JsonNode replicated = jobSet.at(replicatedPointer);
    JsonNode jobSpec = jobSet.at(jobTemplatePointer).path("spec");
    String setName = jobSet.path("metadata").path("name").asText();
    String replicatedName = replicated.path("name").asText();
    int replicas =
        replicated.path("replicas").canConvertToInt() ? replicated.get("replicas").asInt() : 1;
    int before = globalIndexBase(jobSet, replicatedPointer);
    List<PodIdentity> pods = new ArrayList<>();
    for (int j = 0; j < replicas; j++) {
      String job = setName + "-" + replicatedName + "-" + j;
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put(JOBSET + "jobset-name", setName);
      keys.put(JOBSET + "replicatedjob-replicas", Integer.toString(replicas));
      keys.put(JOBSET + "replicatedjob-name", replicatedName);
      keys.put(JOBSET + "job-index", Integer.toString(j));
      keys.put(JOBSET + "job-global-index", Integer.toString(before + j));
      keys.put(JOBSET + "job-key", sha1(namespace + "/" + job));
      pods.addAll(job(job, namespace, uid(), jobSpec, jobSet.at(pointer), true, keys));
    }
    return pods;
  }

  /** How many Jobs the replicated jobs before this one make. */
  private static int globalIndexBase(JsonNode jobSet, String replicatedPointer) {
    int base = 0;
    for (JsonNode replicated : jobSet.path("spec").path("replicatedJobs")) {
      if (jobSet.at(replicatedPointer) == replicated) {
        break;
      }
      base +=
          replicated.path("replicas").canConvertToInt() ? replicated.get("replicas").asInt() : 1;
    }
    return base;
  }

  private static int count(JsonNode jobSpec) {
    for (String field : List.of("completions", "parallelism")) {
      if (jobSpec.path(field).canConvertToInt()) {
        return Math.max(1, jobSpec.get(field).asInt());
      }
    }
    return 1;
  }

  private static PodIdentity pod(
      String name,
      String namespace,
      JsonNode metadata,
      Map<String, String> labels,
      Map<String, String> annotations) {
    return pod(name, namespace, metadata, labels, annotations, Map.of());
  }

  /** The template's labels and annotations, then the controller's (which win). */
  private static PodIdentity pod(
      String name,
      String namespace,
      JsonNode metadata,
      Map<String, String> labels,
      Map<String, String> annotations,
      Map<String, String> env) {
    Map<String, String> allLabels = strings(metadata.path("labels"));
    allLabels.putAll(labels);
    Map<String, String> allAnnotations = strings(metadata.path("annotations"));
    allAnnotations.putAll(annotations);
    return new PodIdentity(name, namespace, uid(), allLabels, allAnnotations, env);
  }

  private static Map<String, String> strings(JsonNode map) {
    Map<String, String> result = new LinkedHashMap<>();
    map.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }

  private static String uid() {
    return UUID.randomUUID().toString();
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }
}

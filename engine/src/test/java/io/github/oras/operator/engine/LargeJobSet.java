package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;

/**
 * A JobSet the size of a real one gone large: many replicated jobs, many inputs named on the JobSet
 * itself (so every pod template inherits all of them). With the defaults, 2,000 replicated jobs and
 * 200 {@code input-uri_N} annotations, its AdmissionReview is about 400 KB; copying the whole
 * injection into every template gives a patch of tens of MB. The webhook's tests wrap it in an
 * AdmissionReview ({@code LargeReviews}).
 */
public final class LargeJobSet {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  public static final int DEFAULT_JOBS = 2_000;
  public static final int DEFAULT_INPUTS = 200;

  private LargeJobSet() {}

  /** The JobSet, opted in on its own metadata with {@code inputs} inputs and one output. */
  public static ObjectNode jobSet(int replicatedJobs, int inputs) {
    ObjectNode set = JSON.objectNode();
    set.put("apiVersion", "jobset.x-k8s.io/v1alpha2");
    set.put("kind", "JobSet");
    ObjectNode metadata = set.putObject("metadata");
    metadata.put("name", "sweep");
    metadata.put("namespace", "science");
    ObjectNode annotations = metadata.putObject("annotations");
    annotations.put(Annotations.qualified(Annotations.ORAS_CACHE), "oras");
    for (int i = 1; i <= inputs; i++) {
      annotations.put(
          Annotations.qualified(Annotations.INPUT_URI + Annotations.LIST_SEPARATOR + i),
          "sweep/input-" + i + ":v1");
    }
    annotations.put(Annotations.qualified(Annotations.OUTPUT_URI), "sweep/result:v1-{pod}");
    annotations.put(Annotations.qualified(Annotations.OUTPUT_PATH), "/opt/out");
    ArrayNode jobs = set.putObject("spec").putArray("replicatedJobs");
    for (int i = 0; i < replicatedJobs; i++) {
      jobs.add(replicatedJob(i));
    }
    return set;
  }

  private static ObjectNode replicatedJob(int index) {
    ObjectNode job = JSON.objectNode();
    job.put("name", "point-" + index);
    job.put("replicas", 1);
    ObjectNode podSpec =
        job.putObject("template").putObject("spec").putObject("template").putObject("spec");
    podSpec.put("restartPolicy", "Never");
    ObjectNode app = podSpec.putArray("containers").addObject();
    app.put("name", "app");
    app.put("image", "ghcr.io/example/sweep:1");
    app.putArray("command").add("python3").add("point.py").add(Integer.toString(index));
    return job;
  }
}

package io.github.oras.operator.webhook.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import java.util.Map;

/** AdmissionReviews and workloads for the server's tests. */
final class Reviews {
  static final ObjectMapper JSON = new ObjectMapper();

  private Reviews() {}

  static ObjectNode pod(Map<String, String> annotations) {
    ObjectNode pod = JSON.createObjectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata");
    metadata.put("name", "lammps");
    metadata.put("namespace", "science");
    ObjectNode notes = metadata.putObject("annotations");
    annotations.forEach(notes::put);
    pod.putObject("spec").set("containers", container("app", "/usr/bin/lmp", "-in", "in.reaxc"));
    return pod;
  }

  static ObjectNode job(Map<String, String> annotations) {
    ObjectNode job = JSON.createObjectNode();
    job.put("apiVersion", "batch/v1");
    job.put("kind", "Job");
    ObjectNode metadata = job.putObject("metadata");
    metadata.put("name", "train");
    metadata.put("namespace", "science");
    ObjectNode notes = metadata.putObject("annotations");
    annotations.forEach(notes::put);
    ObjectNode template = job.putObject("spec").putObject("template");
    template.putObject("metadata");
    ObjectNode spec = template.putObject("spec");
    spec.put("restartPolicy", "Never");
    spec.set("containers", container("trainer", "python3", "train.py"));
    return job;
  }

  private static JsonNode container(String name, String... command) {
    ObjectNode container = JSON.createObjectNode();
    container.put("name", name);
    container.put("image", "ghcr.io/example/" + name + ":1");
    var argv = container.putArray("command");
    for (String part : command) {
      argv.add(part);
    }
    return JSON.createArrayNode().add(container);
  }

  /** Annotations that opt in with one input and one output. */
  static Map<String, String> cacheAnnotations() {
    return Map.of(
        Annotations.qualified(Annotations.ORAS_CACHE), "oras",
        Annotations.qualified(Annotations.INPUT_URI), "metric/lammps-input:v1",
        Annotations.qualified(Annotations.OUTPUT_URI), "metric/lammps:iter-0",
        Annotations.qualified(Annotations.OUTPUT_PATH), "/opt/out");
  }

  static ObjectNode review(String uid, String operation, JsonNode object) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    ObjectNode kind = request.putObject("kind");
    kind.put("group", "");
    kind.put("version", object.path("apiVersion").asText());
    kind.put("kind", object.path("kind").asText());
    request.put("namespace", "science");
    request.put("operation", operation);
    request.set("object", object);
    request.put("dryRun", false);
    return review;
  }

  static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

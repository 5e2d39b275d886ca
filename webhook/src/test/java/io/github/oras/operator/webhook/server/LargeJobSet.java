package io.github.oras.operator.webhook.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JobSet the size of a real one gone large: many replicated jobs, many inputs named on the JobSet
 * itself (so every pod template inherits all of them). With the defaults, 2,000 replicated jobs and
 * 200 {@code input-uri_N} annotations, its AdmissionReview is about 400 KB; copying the whole
 * injection into every template gives a patch of tens of MB.
 *
 * <p>Also a command for the load benchmark: {@code LargeJobSet OUT.json [JOBS] [INPUTS]} writes the
 * AdmissionReview; {@code LargeJobSet --many OUT.json N} that of a Pod with N annotations.
 */
public final class LargeJobSet {
  static final int DEFAULT_JOBS = 2_000;
  static final int DEFAULT_INPUTS = 200;

  private LargeJobSet() {}

  /** The JobSet, opted in on its own metadata with {@code inputs} inputs and one output. */
  public static ObjectNode jobSet(int replicatedJobs, int inputs) {
    ObjectNode set = Reviews.JSON.createObjectNode();
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
    annotations.put(Annotations.qualified(Annotations.OUTPUT_URI), "sweep/result:v1");
    annotations.put(Annotations.qualified(Annotations.OUTPUT_PATH), "/opt/out");
    ArrayNode jobs = set.putObject("spec").putArray("replicatedJobs");
    for (int i = 0; i < replicatedJobs; i++) {
      jobs.add(replicatedJob(i));
    }
    return set;
  }

  private static ObjectNode replicatedJob(int index) {
    ObjectNode job = Reviews.JSON.createObjectNode();
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

  /** The AdmissionReview (CREATE) of the default large JobSet, as the API server would send it. */
  static String review(String uid) {
    return review(uid, DEFAULT_JOBS, DEFAULT_INPUTS);
  }

  static String review(String uid, int replicatedJobs, int inputs) {
    return Reviews.text(Reviews.review(uid, "CREATE", jobSet(replicatedJobs, inputs)));
  }

  /** A review of a Pod with very many (foreign) annotations. */
  static String manyAnnotations(int annotations) {
    StringBuilder out =
        new StringBuilder(
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
                + "{\"uid\":\"many\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
                + "\"namespace\":\"science\",\"operation\":\"CREATE\",\"object\":{\"apiVersion\":\"v1\","
                + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"many\",\"annotations\":{");
    for (int i = 0; i < annotations; i++) {
      out.append(i == 0 ? "" : ",").append("\"n").append(i).append("\":\"v\"");
    }
    return out.append("}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"}]}}}}")
        .toString();
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println(
          "usage: LargeJobSet OUT.json [REPLICATED_JOBS] [INPUTS] | LargeJobSet --many OUT.json N");
      System.exit(2);
    }
    if (args[0].equals("--many")) {
      byte[] body = manyAnnotations(Integer.parseInt(args[2])).getBytes(StandardCharsets.UTF_8);
      Files.write(Path.of(args[1]), body);
      System.out.println(args[1] + ": " + body.length + " bytes");
      return;
    }
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_JOBS;
    int inputs = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_INPUTS;
    byte[] body = review("large-jobset", jobs, inputs).getBytes(StandardCharsets.UTF_8);
    Files.write(Path.of(args[0]), body);
    System.out.println(args[0] + ": " + body.length + " bytes");
  }
}

package io.github.oras.operator.webhook.server;

import io.github.oras.operator.engine.LargeJobSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** AdmissionReviews of large workloads, for the server's tests and {@code bench/webhook/large}. */
public final class LargeReviews {
  private LargeReviews() {}

  /** The AdmissionReview (CREATE) of the default large JobSet, as the API server would send it. */
  static String review(String uid) {
    return review(uid, LargeJobSet.DEFAULT_JOBS, LargeJobSet.DEFAULT_INPUTS);
  }

  static String review(String uid, int replicatedJobs, int inputs) {
    return Reviews.text(Reviews.review(uid, "CREATE", LargeJobSet.jobSet(replicatedJobs, inputs)));
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
          "usage: LargeReviews OUT.json [REPLICATED_JOBS] [INPUTS] | LargeReviews --many OUT.json N");
      System.exit(2);
    }
    if (args[0].equals("--many")) {
      byte[] body = manyAnnotations(Integer.parseInt(args[2])).getBytes(StandardCharsets.UTF_8);
      Files.write(Path.of(args[1]), body);
      System.out.println(args[1] + ": " + body.length + " bytes");
      return;
    }
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : LargeJobSet.DEFAULT_JOBS;
    int inputs = args.length > 2 ? Integer.parseInt(args[2]) : LargeJobSet.DEFAULT_INPUTS;
    byte[] body = review("large-jobset", jobs, inputs).getBytes(StandardCharsets.UTF_8);
    Files.write(Path.of(args[0]), body);
    System.out.println(args[0] + ": " + body.length + " bytes");
  }
}

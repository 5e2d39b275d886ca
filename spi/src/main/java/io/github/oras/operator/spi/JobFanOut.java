package io.github.oras.operator.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link PodFanOut} of a {@code batch/v1} Job spec, for the policies of kinds that are or
 * contain Jobs (Job, CronJob, JobSet, and plugins' kinds built on them).
 */
public final class JobFanOut {
  private JobFanOut() {}

  /**
   * @param jobSpec the Job's {@code spec}
   * @param where how the user names that spec, e.g. {@code spec} or {@code
   *     spec.replicatedJobs[0].template.spec}
   * @param indexedByDefault whether a spec without {@code completionMode} is Indexed (JobSet
   *     defaults it so; a plain Job does not)
   */
  public static PodFanOut of(JsonNode jobSpec, String where, boolean indexedByDefault) {
    List<String> several = severalReasons(jobSpec, where);
    JsonNode mode = jobSpec.path("completionMode");
    boolean indexed = mode.isTextual() ? mode.textValue().equals("Indexed") : indexedByDefault;
    if (indexed) {
      return new PodFanOut(joined(several), List.of(PodFanOut.COMPLETION_INDEX), "");
    }
    return new PodFanOut(
        joined(several),
        List.of(),
        "{index} needs an Indexed Job: set "
            + where
            + ".completionMode: Indexed (and "
            + where
            + ".completions), or use {pod}");
  }

  /** The fields that make a Job run more than one pod, as {@code field=value}. */
  public static List<String> severalReasons(JsonNode jobSpec, String where) {
    List<String> reasons = new ArrayList<>();
    for (String field : List.of("parallelism", "completions")) {
      JsonNode value = jobSpec.path(field);
      if (value.canConvertToInt() && value.asInt() > 1) {
        reasons.add(where + "." + field + "=" + value.asInt());
      }
    }
    return reasons;
  }

  /** Reasons as one phrase, empty when there are none. */
  public static Optional<String> joined(List<String> reasons) {
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", reasons));
  }
}

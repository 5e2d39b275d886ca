package io.github.oras.operator.api;

import static io.github.oras.operator.api.SidecarContract.ENV_JOB_COMPLETION_INDEX;
import static io.github.oras.operator.api.SidecarContract.ENV_POD_INDEX_PREFIX;
import static io.github.oras.operator.api.SidecarContract.ENV_POD_NAME;

import io.github.oras.operator.api.OutputReference.Placeholder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The values of the output tag's placeholders in one pod, read by the push step from the
 * environment the webhook gave it (see {@link SidecarContract#ENV_POD_NAME} and {@link
 * SidecarContract#ENV_POD_INDEX_PREFIX}).
 */
public final class PodPlaceholderValues {
  private PodPlaceholderValues() {}

  /**
   * {@code {pod}} from ORAS_POD_NAME; {@code {index}} from ORAS_POD_INDEX_1, _2 ... joined with
   * {@code -}, or else from JOB_COMPLETION_INDEX. A placeholder without a value is left out (and
   * {@link OutputReference#expand} then says so); an empty part makes the index unknown rather than
   * shorter, so two pods never share one by accident.
   */
  public static Map<Placeholder, String> fromEnvironment(Map<String, String> env) {
    Map<Placeholder, String> values = new EnumMap<>(Placeholder.class);
    String pod = env.getOrDefault(ENV_POD_NAME, "");
    if (!pod.isEmpty()) {
      values.put(Placeholder.POD, pod);
    }
    List<String> parts = new ArrayList<>();
    for (int n = 1; env.containsKey(ENV_POD_INDEX_PREFIX + n); n++) {
      parts.add(env.get(ENV_POD_INDEX_PREFIX + n));
    }
    if (parts.isEmpty()) {
      String completion = env.getOrDefault(ENV_JOB_COMPLETION_INDEX, "");
      if (!completion.isEmpty()) {
        values.put(Placeholder.INDEX, completion);
      }
    } else if (parts.stream().noneMatch(String::isEmpty)) {
      values.put(Placeholder.INDEX, String.join("-", parts));
    }
    return values;
  }
}

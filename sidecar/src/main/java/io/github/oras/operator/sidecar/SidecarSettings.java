package io.github.oras.operator.sidecar;

import static io.github.oras.operator.api.SidecarContract.ENV_DEBUG;
import static io.github.oras.operator.api.SidecarContract.ENV_INPUT_URIS;
import static io.github.oras.operator.api.SidecarContract.ENV_INPUT_URI_PREFIX;
import static io.github.oras.operator.api.SidecarContract.ENV_OUTPUT_URI;
import static io.github.oras.operator.api.SidecarContract.ENV_PLAIN_HTTP;
import static io.github.oras.operator.api.SidecarContract.ENV_PUSH_ON_FAILURE;
import static io.github.oras.operator.api.SidecarContract.ENV_REGISTRY;
import static io.github.oras.operator.api.SidecarContract.ENV_SHARE;
import static io.github.oras.operator.api.SidecarContract.ENV_UNPACK;
import static io.github.oras.operator.api.SidecarContract.INPUT_URIS_SEPARATOR;

import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.Excerpt;
import io.github.oras.operator.api.OutputReference;
import io.github.oras.operator.api.PodPlaceholderValues;
import io.github.oras.operator.api.SidecarContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the webhook told the pull and push containers, read once from their environment (see {@link
 * SidecarContract}). Every problem is reported at once, naming the variable.
 */
public record SidecarSettings(
    Path share,
    Optional<String> registry,
    boolean plainHttp,
    List<ArtifactReference> inputs,
    Optional<ArtifactReference> output,
    boolean unpack,
    boolean debug,
    boolean pushOnFailure,
    Optional<Path> caFile,
    ExtractionLimits limits) {

  /** Optional: PEM certificates of a private registry's CA. */
  public static final String ENV_CA_FILE = "ORAS_CA_FILE";

  /** Optional: the largest file an unpacked input directory may contain, in bytes. */
  public static final String ENV_MAX_FILE_SIZE = ExtractionLimits.ENV_MAX_FILE_SIZE;

  public SidecarSettings {
    inputs = List.copyOf(inputs);
  }

  /**
   * @throws IllegalArgumentException listing every wrong or missing variable
   */
  public static SidecarSettings fromEnvironment(Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    Optional<String> registry =
        Optional.ofNullable(env.get(ENV_REGISTRY)).filter(s -> !s.isEmpty());
    registry.ifPresent(
        host -> check(errors, ENV_REGISTRY, () -> ArtifactReference.checkHost(host)));
    List<ArtifactReference> inputs = inputs(env, registry, errors);
    Optional<ArtifactReference> output =
        env.containsKey(ENV_OUTPUT_URI)
            ? perPod(env, errors).flatMap(e -> reference(e, ENV_OUTPUT_URI, registry, errors))
            : Optional.empty();
    ExtractionLimits limits = ExtractionLimits.fromEnvironment(env, errors);
    SidecarSettings settings =
        new SidecarSettings(
            Path.of(env.getOrDefault(ENV_SHARE, SidecarContract.SHARE)),
            registry,
            flag(env, ENV_PLAIN_HTTP, false, errors),
            inputs,
            output,
            flag(env, ENV_UNPACK, true, errors),
            flag(env, ENV_DEBUG, false, errors),
            flag(env, ENV_PUSH_ON_FAILURE, false, errors),
            Optional.ofNullable(env.get(ENV_CA_FILE)).filter(s -> !s.isEmpty()).map(Path::of),
            limits);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    return settings;
  }

  /**
   * {@code ORAS_INPUT_URIS}, one reference per line; or, from pods admitted by an older webhook,
   * {@code ORAS_INPUT_URI_1..N}. Both at once is an error: the pod spec was edited by hand.
   */
  private static List<ArtifactReference> inputs(
      Map<String, String> env, Optional<String> registry, List<String> errors) {
    List<ArtifactReference> inputs = new ArrayList<>();
    boolean numbered = env.keySet().stream().anyMatch(key -> key.startsWith(ENV_INPUT_URI_PREFIX));
    if (env.containsKey(ENV_INPUT_URIS)) {
      if (numbered) {
        errors.add(
            "both "
                + ENV_INPUT_URIS
                + " and "
                + ENV_INPUT_URI_PREFIX
                + "N are set: list every input in "
                + ENV_INPUT_URIS
                + ", one per line");
      }
      String[] lines = env.get(ENV_INPUT_URIS).split(INPUT_URIS_SEPARATOR, -1);
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isEmpty()) {
          String where = ENV_INPUT_URIS + " line " + (i + 1);
          reference(lines[i], where, registry, errors).ifPresent(inputs::add);
        }
      }
      return inputs;
    }
    int count = 0;
    while (env.containsKey(ENV_INPUT_URI_PREFIX + (count + 1))) {
      count++;
      String key = ENV_INPUT_URI_PREFIX + count;
      reference(env.get(key), key, registry, errors).ifPresent(inputs::add);
    }
    reportGaps(env, count, errors);
    return inputs;
  }

  private static Optional<ArtifactReference> reference(
      Map<String, String> env, String key, Optional<String> registry, List<String> errors) {
    return reference(env.get(key), key, registry, errors);
  }

  private static Optional<ArtifactReference> reference(
      String value, String key, Optional<String> registry, List<String> errors) {
    try {
      ArtifactReference ref = ArtifactReference.parse(value);
      if (ref.registry().isEmpty() && registry.isEmpty()) {
        errors.add(
            key
                + "="
                + Excerpt.of(value)
                + " names no registry host and "
                + ENV_REGISTRY
                + " is not set");
        return Optional.empty();
      }
      return Optional.of(registry.map(ref::qualifiedWith).orElse(ref));
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The environment with ORAS_OUTPUT_URI's placeholders ({@code {index}}, {@code {pod}}) replaced
   * by this pod's values, so that the pods of a parallel workload push to tags of their own.
   */
  private static Optional<Map<String, String>> perPod(
      Map<String, String> env, List<String> errors) {
    String text = env.get(ENV_OUTPUT_URI);
    if (text.indexOf('{') < 0) {
      return Optional.of(env);
    }
    try {
      String expanded =
          OutputReference.parse(text).expand(PodPlaceholderValues.fromEnvironment(env)).toString();
      Map<String, String> copy = new HashMap<>(env);
      copy.put(ENV_OUTPUT_URI, expanded);
      return Optional.of(copy);
    } catch (IllegalArgumentException e) {
      errors.add(
          ENV_OUTPUT_URI
              + "="
              + text
              + ": "
              + e.getMessage()
              + " (the webhook sets "
              + SidecarContract.ENV_POD_NAME
              + " and "
              + SidecarContract.ENV_POD_INDEX_PREFIX
              + "N from the downward API; Indexed Jobs also set "
              + SidecarContract.ENV_JOB_COMPLETION_INDEX
              + ")");
      return Optional.empty();
    }
  }

  /** ORAS_INPUT_URI_N must be numbered 1, 2, 3... without holes. */
  private static void reportGaps(Map<String, String> env, int contiguous, List<String> errors) {
    TreeSet<String> stray = new TreeSet<>();
    for (String key : env.keySet()) {
      if (key.startsWith(ENV_INPUT_URI_PREFIX)) {
        String suffix = key.substring(ENV_INPUT_URI_PREFIX.length());
        boolean counted =
            suffix.matches("[1-9][0-9]{0,8}") && Integer.parseInt(suffix) <= contiguous;
        if (!counted) {
          stray.add(key);
        }
      }
    }
    if (!stray.isEmpty()) {
      errors.add(
          String.join(", ", stray)
              + ": input references must be numbered "
              + ENV_INPUT_URI_PREFIX
              + "1, _2, ... without gaps (found "
              + contiguous
              + " in sequence)");
    }
  }

  private static boolean flag(
      Map<String, String> env, String key, boolean fallback, List<String> errors) {
    String value = env.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        errors.add(key + " must be true or false, not \"" + Excerpt.of(value) + "\"");
        return fallback;
    }
  }

  private static void check(List<String> errors, String key, Runnable validation) {
    try {
      validation.run();
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
    }
  }
}

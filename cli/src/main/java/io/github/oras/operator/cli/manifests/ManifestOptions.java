package io.github.oras.operator.cli.manifests;

import io.github.oras.operator.engine.ImageReferences;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code oras-operator manifests} renders.
 *
 * @param levels active policy names, in order (e.g. {@code pod, job, jobset})
 * @param namespaceSelector labels a namespace needs for the webhook to see its objects
 * @param caBundle PEM of the CA that signed the serving certificate; empty means cert-manager
 *     injects it
 * @param failurePolicy {@code Fail} or {@code Ignore}
 * @param namespace namespace the operator runs in
 * @param image the operator's image
 */
public record ManifestOptions(
    List<String> levels,
    Map<String, String> namespaceSelector,
    Optional<String> caBundle,
    String failurePolicy,
    String namespace,
    String image) {

  public static final String OPT_IN_LABEL = "oras.converged-computing.github.io/cache-injection";
  public static final List<String> DEFAULT_LEVELS = List.of("pod", "job", "jobset", "metricset");

  /** The operator image of this build (bin/images builds it under the same reference). */
  public static final String DEFAULT_IMAGE = ImageReferences.BUILD.operator();

  public static final String DEFAULT_NAMESPACE = "oras-operator";

  public ManifestOptions {
    levels = List.copyOf(levels);
    namespaceSelector = ManifestsRenderer.sorted(namespaceSelector);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("--levels needs at least one policy name");
    }
    if (!failurePolicy.equals("Fail") && !failurePolicy.equals("Ignore")) {
      throw new IllegalArgumentException(
          "--failure-policy must be Fail or Ignore, got \"" + failurePolicy + "\"");
    }
    if (namespaceSelector.isEmpty()) {
      throw new IllegalArgumentException(
          "--namespace-selector needs at least one label: the webhook must be opt-in");
    }
  }

  /** The defaults checked in under {@code deploy/}. */
  public static ManifestOptions defaults() {
    return new ManifestOptions(
        DEFAULT_LEVELS,
        Map.of(OPT_IN_LABEL, "enabled"),
        Optional.empty(),
        "Fail",
        DEFAULT_NAMESPACE,
        DEFAULT_IMAGE);
  }

  public ManifestOptions withLevels(List<String> names) {
    return new ManifestOptions(names, namespaceSelector, caBundle, failurePolicy, namespace, image);
  }

  public ManifestOptions withNamespaceSelector(Map<String, String> labels) {
    return new ManifestOptions(levels, labels, caBundle, failurePolicy, namespace, image);
  }

  public ManifestOptions withCaBundle(String pem) {
    return new ManifestOptions(
        levels, namespaceSelector, Optional.of(pem), failurePolicy, namespace, image);
  }

  public ManifestOptions withFailurePolicy(String policy) {
    return new ManifestOptions(levels, namespaceSelector, caBundle, policy, namespace, image);
  }

  /** Parses {@code key=value[,key=value...]}; the message names a malformed pair. */
  public static Map<String, String> parseSelector(String text) {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "--namespace-selector: \"" + pair + "\" is not key=value");
      }
      labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    return labels;
  }
}

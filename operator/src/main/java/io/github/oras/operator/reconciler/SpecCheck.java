package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.Quantity;
import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a cache's spec without any API call: the image, the storage size, the names of the Secrets
 * the registry pod uses and the network sources. Whether those Secrets exist is left to the
 * kubelet, which starts the registry pod once they do (see {@link CacheStatusCalculator}): the
 * operator does not read Secrets at all.
 */
public final class SpecCheck {
  /**
   * The Kubernetes quantity grammar (apimachinery resource.Quantity), without surrounding spaces.
   */
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[mkMGTPE]|[eE][+-]?[0-9]+)?");

  /** A DNS subdomain (RFC 1123), the rule for Secret names. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private SpecCheck() {}

  /** Every problem of the spec, in field order; empty when the spec can be rendered. */
  public static List<SpecProblem> check(OrasCacheSpec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    image(spec).ifPresent(problems::add);
    storage(spec.getStorage()).ifPresent(problems::add);
    secretNames(spec).forEach(problems::add);
    problems.addAll(NetworkCheck.check(spec.getNetwork()));
    return problems;
  }

  /** The cache's spec; a cache created without one gets the defaults. */
  public static OrasCacheSpec specOf(OrasCache cache) {
    return cache.getSpec() == null ? new OrasCacheSpec() : cache.getSpec();
  }

  /** The image to run: spec.image, or the default when the field is absent. */
  public static String imageOf(OrasCacheSpec spec) {
    return spec.getImage() == null ? OrasCacheSpec.DEFAULT_IMAGE : spec.getImage();
  }

  /** The Secrets the registry pod mounts or reads, by the spec field that names them. */
  public static Map<String, String> registrySecrets(OrasCacheSpec spec) {
    Map<String, String> secrets = new LinkedHashMap<>();
    if (spec.getAuth() != null) {
      secrets.put("spec.auth.htpasswdSecret", spec.getAuth().getHtpasswdSecret());
    }
    if (spec.getSecrets() != null && spec.getSecrets().getRegistryHttp() != null) {
      secrets.put("spec.secrets.registryHttp", spec.getSecrets().getRegistryHttp());
    }
    return secrets;
  }

  private static List<SpecProblem> secretNames(OrasCacheSpec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    registrySecrets(spec)
        .forEach(
            (field, name) -> {
              if (name == null || !SECRET_NAME.matcher(name).matches()) {
                problems.add(
                    new SpecProblem(
                        SpecProblem.INVALID_SECRET_NAME,
                        field
                            + " \""
                            + NetworkCheck.shortened(name)
                            + "\" is not a Secret name: use lowercase letters, digits, '-' and"
                            + " '.', at most 253 characters, e.g. registry-users"));
              }
            });
    return problems;
  }

  private static Optional<SpecProblem> image(OrasCacheSpec spec) {
    try {
      ArtifactReference.parse(imageOf(spec));
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(
          new SpecProblem(
              SpecProblem.INVALID_IMAGE,
              "spec.image \"" + imageOf(spec) + "\" is not an image reference: " + e.getMessage()));
    }
  }

  private static Optional<SpecProblem> storage(OrasCacheStorage storage) {
    if (storage == null) {
      return Optional.empty();
    }
    String size = storage.getSize();
    if (size == null || !QUANTITY.matcher(size).matches()) {
      return Optional.of(
          new SpecProblem(
              SpecProblem.INVALID_STORAGE_SIZE,
              "spec.storage.size \""
                  + size
                  + "\" is not a Kubernetes quantity: use a number with an optional suffix such as"
                  + " 512Mi, 10Gi or 1T"));
    }
    if (new Quantity(size).getNumericalAmount().signum() <= 0) {
      return Optional.of(
          new SpecProblem(
              SpecProblem.INVALID_STORAGE_SIZE,
              "spec.storage.size \"" + size + "\" must be greater than zero, e.g. 10Gi"));
    }
    return Optional.empty();
  }
}

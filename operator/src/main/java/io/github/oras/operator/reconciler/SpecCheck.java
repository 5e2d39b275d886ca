package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.Quantity;
import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks the parts of a cache's spec that need no API call: the image and the storage size. */
public final class SpecCheck {
  /**
   * The Kubernetes quantity grammar (apimachinery resource.Quantity), without surrounding spaces.
   */
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[mkMGTPE]|[eE][+-]?[0-9]+)?");

  private SpecCheck() {}

  /** Every problem of the spec, in field order; empty when the spec can be rendered. */
  public static List<SpecProblem> check(OrasCacheSpec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    image(spec).ifPresent(problems::add);
    storage(spec.getStorage()).ifPresent(problems::add);
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

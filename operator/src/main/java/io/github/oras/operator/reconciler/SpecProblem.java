package io.github.oras.operator.reconciler;

/**
 * One reason the cache's spec cannot be rolled out, reported in the Degraded condition and an
 * Event.
 *
 * @param reason a CamelCase condition reason, e.g. {@code InvalidImage}
 * @param message what is wrong and how to fix it, naming the field and value
 */
public record SpecProblem(String reason, String message) {
  public static final String INVALID_IMAGE = "InvalidImage";
  public static final String INVALID_STORAGE_SIZE = "InvalidStorageSize";
  public static final String INVALID_SECRET_NAME = "InvalidSecretName";
  public static final String INVALID_NETWORK = "InvalidNetwork";
}

package io.github.oras.operator.api;

import java.util.List;

/**
 * The annotation contract: every key a workload may set under {@link #PREFIX}. Nothing else in the
 * project spells these strings; {@link SettingsParser} is the only reader of raw annotations.
 */
public final class Annotations {
  private Annotations() {}

  public static final String PREFIX = "oras.converged-computing.github.io/";

  public static final String ORAS_CACHE = "oras-cache";
  public static final String INPUT_URI = "input-uri";
  public static final String INPUT_PATH = "input-path";
  public static final String OUTPUT_URI = "output-uri";
  public static final String OUTPUT_PATH = "output-path";
  public static final String OUTPUT_PIPE = "output-pipe";
  public static final String CONTAINER = "container";
  public static final String ENTRYPOINT = "entrypoint";
  public static final String ORAS_CONTAINER = "oras-container";
  public static final String ORAS_ENTRYPOINT = "oras-entrypoint";
  public static final String REGISTRY = "registry";
  public static final String ORAS_ENV = "oras-env";
  public static final String UNPACK = "unpack";
  public static final String DEBUG = "debug";
  public static final String PUSH_ON_FAILURE = "push-on-failure";
  public static final String PLAIN_HTTP = "plain-http";

  /** Written by the webhook on every template it mutated; its value is the injector version. */
  public static final String INJECTED = "injected";

  /** Separator of the list form {@code input-uri_1 .. input-uri_N}. */
  public static final String LIST_SEPARATOR = "_";

  /** Keys a user may set (the list form of input-uri is matched separately). */
  public static final List<String> USER_KEYS =
      List.of(
          ORAS_CACHE,
          INPUT_URI,
          INPUT_PATH,
          OUTPUT_URI,
          OUTPUT_PATH,
          OUTPUT_PIPE,
          CONTAINER,
          ENTRYPOINT,
          ORAS_CONTAINER,
          ORAS_ENTRYPOINT,
          REGISTRY,
          ORAS_ENV,
          UNPACK,
          DEBUG,
          PUSH_ON_FAILURE,
          PLAIN_HTTP);

  /**
   * The full annotation name of a short key, e.g. {@code
   * oras.converged-computing.github.io/oras-cache}.
   */
  public static String qualified(String key) {
    return PREFIX + key;
  }
}

package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.SidecarContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by pull and push: how to talk to the registry. Environment values apply too. */
final class TransportOptions {
  /** Also the default of pod invocations, which skip picocli (see {@link Main#podInvocation}). */
  static final int DEFAULT_RETRIES = 5;

  @Option(names = "--plain-http", description = "Use HTTP without TLS (also ORAS_PLAIN_HTTP=true).")
  boolean plainHttp;

  @Option(
      names = "--insecure",
      description = "Use TLS without verifying the registry's certificate.")
  boolean insecure;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Trust the CA certificates in this PEM file (also ORAS_CA_FILE).")
  Path caFile;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_RETRIES,
      description =
          "Retries of a failed transfer on connection errors, 429 and 5xx (default ${DEFAULT-VALUE}).")
  int retries = DEFAULT_RETRIES;

  @Option(names = "--debug", description = "Verbose progress messages (also ORAS_DEBUG=true).")
  boolean debug;

  @Option(
      names = "--read-timeout",
      paramLabel = "DURATION",
      description =
          "Abandon and retry a transfer when no byte moves for this long, e.g. 90s, 2m, 500ms"
              + " (also ORAS_READ_TIMEOUT; default 60s).")
  String readTimeout;

  /** The idle-read limit: the option, else ORAS_READ_TIMEOUT, else 60 s. */
  Duration readTimeout(Map<String, String> env) {
    if (readTimeout != null) {
      return ReadTimeout.parse(readTimeout, "--read-timeout");
    }
    String fromEnv = env.getOrDefault(ReadTimeout.ENV, "");
    return fromEnv.isEmpty()
        ? RegistryClient.DEFAULT_READ_TIMEOUT
        : ReadTimeout.parse(fromEnv, ReadTimeout.ENV);
  }

  RetryPolicy retryPolicy() {
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must be 0 or more, not " + retries);
    }
    return new RetryPolicy(
        retries + 1, RetryPolicy.DEFAULT.initialDelay(), RetryPolicy.DEFAULT.maxDelay());
  }

  Console console(Main main, boolean envDebug) {
    return new Console(main.err(), debug || envDebug);
  }

  /**
   * Command-line switches apply to every registry named; settings from the environment apply to
   * ORAS_REGISTRY alone when it is set (see {@link Endpoints}).
   */
  Endpoints endpoints(
      SidecarSettings settings, Optional<Credentials> credentials, Map<String, String> env) {
    Optional<Path> ca = Optional.ofNullable(caFile).or(settings::caFile);
    boolean commandLine = plainHttp || insecure || caFile != null;
    Optional<String> home = commandLine ? Optional.empty() : settings.registry();
    return new Endpoints(
        home, plainHttp || settings.plainHttp(), ca, insecure, credentials, readTimeout(env));
  }

  /** For direct use: the settings from the environment, where only transport variables matter. */
  static SidecarSettings transportOnly(Map<String, String> env) {
    return SidecarSettings.fromEnvironment(
        Map.of(
            SidecarContract.ENV_PLAIN_HTTP, env.getOrDefault(SidecarContract.ENV_PLAIN_HTTP, ""),
            SidecarContract.ENV_DEBUG, env.getOrDefault(SidecarContract.ENV_DEBUG, ""),
            SidecarSettings.ENV_CA_FILE, env.getOrDefault(SidecarSettings.ENV_CA_FILE, ""),
            SidecarSettings.ENV_MAX_FILE_SIZE,
                env.getOrDefault(SidecarSettings.ENV_MAX_FILE_SIZE, ""),
            SidecarContract.ENV_REGISTRY, env.getOrDefault(SidecarContract.ENV_REGISTRY, "")));
  }

  static Duration fallbackCheck() {
    return DoneFile.FALLBACK_CHECK;
  }
}

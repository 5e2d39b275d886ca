package io.github.oras.operator.localregistry;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link LocalRegistry} serves with, and the {@code config.yml} that says it. Pure: the same
 * record gives the same file.
 *
 * @param tls serving certificate and key (PEM files); empty for plain HTTP
 * @param auth the lines under {@code auth:} (already indented by two spaces); empty for none
 * @param deleteEnabled whether manifests and blobs may be deleted
 * @param logLevel the registry's log level ({@code error}, {@code info}, {@code debug})
 * @param replacement a whole configuration file to use instead of the generated one (the listen
 *     address still comes from {@code REGISTRY_HTTP_ADDR}); empty for the generated one
 */
public record RegistryConfig(
    Optional<Tls> tls,
    Optional<String> auth,
    boolean deleteEnabled,
    String logLevel,
    Optional<String> replacement) {

  /** The serving certificate chain and its private key. */
  public record Tls(Path certificate, Path key) {}

  static RegistryConfig plain() {
    return new RegistryConfig(Optional.empty(), Optional.empty(), false, "error", Optional.empty());
  }

  /**
   * The configuration file for a registry listening on {@code port}, storing in {@code storage}.
   */
  public String render(int port, Path storage) {
    if (replacement.isPresent()) {
      return replacement.get();
    }
    StringBuilder config = new StringBuilder();
    config
        .append("version: 0.1\n")
        .append("log:\n  level: ")
        .append(logLevel)
        .append("\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(storage)
        .append('\n');
    if (deleteEnabled) {
      config.append("  delete:\n    enabled: true\n");
    }
    config
        .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
        .append("http:\n  addr: 127.0.0.1:")
        .append(port)
        .append('\n')
        // A fixed secret: upload state survives a restart on the same directory.
        .append("  secret: local-registry\n");
    tls.ifPresent(
        t ->
            config
                .append("  tls:\n    certificate: ")
                .append(t.certificate())
                .append("\n    key: ")
                .append(t.key())
                .append('\n'));
    auth.ifPresent(section -> config.append("auth:\n").append(section));
    return config.toString();
  }
}

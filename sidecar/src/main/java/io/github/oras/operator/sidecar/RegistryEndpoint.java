package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach one registry: its {@code host[:port]}, the transport and the credentials.
 *
 * @param plainHttp speak HTTP without TLS (the in-namespace cache)
 * @param caFile PEM certificates to trust instead of the system's (a private registry's CA)
 * @param insecure TLS without verifying the certificate or the host name
 */
public record RegistryEndpoint(
    String host,
    boolean plainHttp,
    Optional<Path> caFile,
    boolean insecure,
    Optional<Credentials> credentials) {

  public RegistryEndpoint {
    ArtifactReference.checkHost(host);
    if (plainHttp && (insecure || caFile.isPresent())) {
      throw new IllegalArgumentException(
          "plain HTTP has no TLS: do not combine it with insecure or a CA file");
    }
  }

  /** An endpoint with default TLS verification. */
  public static RegistryEndpoint of(
      String host, boolean plainHttp, Optional<Credentials> credentials) {
    return new RegistryEndpoint(host, plainHttp, Optional.empty(), false, credentials);
  }

  /** {@code http(s)://host[:port]/v2/}. */
  public URI apiBase() {
    return URI.create((plainHttp ? "http://" : "https://") + host + "/v2/");
  }

  /** The same endpoint for the registry named in {@code reference}. */
  public RegistryEndpoint forReference(ArtifactReference reference) {
    String refHost = reference.registry().orElse(host);
    return refHost.equals(host)
        ? this
        : new RegistryEndpoint(refHost, plainHttp, caFile, insecure, credentials);
  }
}

package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One client per registry host. When a home registry is set (ORAS_REGISTRY: the namespace's cache
 * or the {@code registry} annotation), plain HTTP and the oras-env credentials apply to it alone:
 * an input from another registry is fetched over TLS and never receives the cache's password.
 */
final class Endpoints {
  private final Optional<String> home;
  private final boolean plainHttp;
  private final Optional<Path> caFile;
  private final boolean insecure;
  private final Optional<Credentials> credentials;
  private final Duration readTimeout;
  private final Map<String, RegistryClient> clients = new HashMap<>();

  /**
   * @param home the registry the transport settings and credentials are for; empty: every registry
   */
  Endpoints(
      Optional<String> home,
      boolean plainHttp,
      Optional<Path> caFile,
      boolean insecure,
      Optional<Credentials> credentials) {
    this(home, plainHttp, caFile, insecure, credentials, RegistryClient.DEFAULT_READ_TIMEOUT);
  }

  /**
   * @param readTimeout how long a transfer to any of the registries may go without a byte moving
   */
  Endpoints(
      Optional<String> home,
      boolean plainHttp,
      Optional<Path> caFile,
      boolean insecure,
      Optional<Credentials> credentials,
      Duration readTimeout) {
    this.readTimeout = readTimeout;
    this.home = home;
    this.plainHttp = plainHttp;
    this.caFile = caFile;
    this.insecure = insecure;
    this.credentials = credentials;
  }

  RegistryClient client(ArtifactReference reference) {
    String host =
        reference
            .registry()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the reference "
                            + reference
                            + " names no registry host: write host[:port]/repository:tag"));
    return clients.computeIfAbsent(host, h -> new RegistryClient(endpoint(h), readTimeout));
  }

  RegistryEndpoint endpoint(String host) {
    boolean mine = home.isEmpty() || home.get().equals(host);
    return mine
        ? new RegistryEndpoint(host, plainHttp, caFile, insecure, credentials)
        : new RegistryEndpoint(host, false, Optional.empty(), false, Optional.empty());
  }
}

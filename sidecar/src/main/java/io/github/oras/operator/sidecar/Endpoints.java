package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One client per registry host, all with the same transport settings and credentials. */
final class Endpoints {
  private final boolean plainHttp;
  private final Optional<Path> caFile;
  private final boolean insecure;
  private final Optional<Credentials> credentials;
  private final Map<String, RegistryClient> clients = new HashMap<>();

  Endpoints(boolean plainHttp, Optional<Path> caFile, boolean insecure, Optional<Credentials> credentials) {
    this.plainHttp = plainHttp;
    this.caFile = caFile;
    this.insecure = insecure;
    this.credentials = credentials;
  }

  RegistryClient client(ArtifactReference reference) {
    String host = reference.registry().orElseThrow(() -> new IllegalArgumentException(
        "the reference " + reference + " names no registry host: write host[:port]/repository:tag"));
    return clients.computeIfAbsent(host,
        h -> new RegistryClient(new RegistryEndpoint(h, plainHttp, caFile, insecure, credentials)));
  }
}

package io.github.oras.operator.engine;

import java.util.Optional;

/** What the cluster knows about the OrasCache a workload names. */
public sealed interface CacheLookup {

  /**
   * A deployed cache: its registry address and headless service.
   *
   * @param orasEnvSecret the cache's default credentials Secret ({@code spec.secrets.orasEnv})
   * @param ready whether the cache reports Ready (a workload admitted earlier waits in its pull
   *     step)
   */
  record Deployed(String address, String service, Optional<String> orasEnvSecret, boolean ready)
      implements CacheLookup {}

  /** A cache with {@code deploy: false}: workloads must name a remote registry themselves. */
  record RemoteOnly(Optional<String> orasEnvSecret) implements CacheLookup {}

  /** No such cache in the namespace. */
  record NotFound() implements CacheLookup {}
}

package io.github.oras.operator.spi;

import java.util.Optional;

/** Default: never touch the workload's subdomain; the sidecar reaches the registry by its FQDN. */
public final class KeepSubdomain implements ServiceMergeStrategy {
  public static final String NAME = "keep";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision decide(Optional<String> workloadSubdomain, Optional<String> cacheService) {
    return new Decision.Keep(Optional.empty());
  }
}

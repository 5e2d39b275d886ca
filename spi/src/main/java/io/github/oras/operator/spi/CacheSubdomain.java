package io.github.oras.operator.spi;

import java.util.Optional;

/**
 * The first implementation's behaviour: put the pods in the cache's headless service, but only when
 * they are in none yet (a workload's own service is kept, with a warning).
 */
public final class CacheSubdomain implements ServiceMergeStrategy {
  public static final String NAME = "cache-subdomain";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision decide(Optional<String> workloadSubdomain, Optional<String> cacheService) {
    if (cacheService.isEmpty()) {
      return new Decision.Keep(Optional.empty());
    }
    if (workloadSubdomain.isPresent()) {
      return workloadSubdomain.equals(cacheService)
          ? new Decision.Keep(Optional.empty())
          : new Decision.Keep(
              Optional.of(
                  "the pods keep their own subdomain \""
                      + workloadSubdomain.get()
                      + "\"; the cache is reached by its full DNS name instead of subdomain \""
                      + cacheService.get()
                      + "\""));
    }
    return new Decision.SetSubdomain(cacheService.get());
  }
}

package io.github.oras.operator.spi;

import java.util.Optional;

/** Like {@link CacheSubdomain}, but a workload that already has its own subdomain is refused. */
public final class FailOnConflict implements ServiceMergeStrategy {
  public static final String NAME = "fail-on-conflict";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decision decide(Optional<String> workloadSubdomain, Optional<String> cacheService) {
    if (cacheService.isEmpty() || workloadSubdomain.equals(cacheService)) {
      return new Decision.Keep(Optional.empty());
    }
    if (workloadSubdomain.isPresent()) {
      return new Decision.Reject(
          "the pods already belong to headless service \""
              + workloadSubdomain.get()
              + "\" and the service merge strategy fail-on-conflict refuses to replace it with the"
              + " cache's \""
              + cacheService.get()
              + "\"; choose the keep strategy or remove the"
              + " workload's subdomain");
    }
    return new Decision.SetSubdomain(cacheService.get());
  }
}

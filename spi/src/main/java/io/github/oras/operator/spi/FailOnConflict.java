package io.github.oras.operator.spi;

import java.util.Optional;

/**
 * Like {@link KeepSubdomain}, but a workload whose subdomain collides with a cache's headless
 * Service is refused instead of admitted with a warning.
 */
public final class FailOnConflict implements ServiceMergeStrategy {
  public static final String NAME = "fail-on-conflict";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the pods keep their own headless service; deny when it is named like a cache's";
  }

  @Override
  public Decision decide(Networking networking) {
    if (!networking.subdomainIsCacheService()) {
      return new Decision.Keep(Optional.empty());
    }
    return new Decision.Reject(
        networking.collision()
            + "; the service merge strategy fail-on-conflict refuses it: rename the workload's"
            + " service (a MetricSet's spec.serviceName, a JobSet's spec.network.subdomain, a pod's"
            + " spec.subdomain)");
  }
}

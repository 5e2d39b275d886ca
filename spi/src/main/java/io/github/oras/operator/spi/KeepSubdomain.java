package io.github.oras.operator.spi;

import java.util.Optional;

/**
 * Default: never touch the workload's subdomain; the sidecar reaches the registry by its FQDN. A
 * subdomain that is a cache's Service name gets a warning: the pods would have no DNS records.
 */
public final class KeepSubdomain implements ServiceMergeStrategy {
  public static final String NAME = "keep";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the pods keep their own headless service; warn when it is named like a cache's";
  }

  @Override
  public Decision decide(Networking networking) {
    if (!networking.subdomainIsCacheService()) {
      return new Decision.Keep(Optional.empty());
    }
    return new Decision.Keep(
        Optional.of(
            networking.collision()
                + "; rename the workload's service (a MetricSet's spec.serviceName, a JobSet's"
                + " spec.network.subdomain, a pod's spec.subdomain) or set serviceMerge:"
                + " cache-subdomain to join the cache's Service"));
  }
}

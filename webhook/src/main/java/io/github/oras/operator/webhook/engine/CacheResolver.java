package io.github.oras.operator.webhook.engine;

/**
 * Finds the OrasCache a workload names. The operator answers from the cluster (the cache's status);
 * offline tools use {@link #byConvention()}.
 */
@FunctionalInterface
public interface CacheResolver {

  CacheLookup lookup(String namespace, String cacheName);

  /**
   * Assumes every named cache exists and is deployed, at the address the operator gives it: pod
   * {@code <name>-0} behind headless service {@code <name>}. For {@code inject} without a cluster.
   */
  static CacheResolver byConvention() {
    return (namespace, name) ->
        new CacheLookup.Deployed(
            io.github.oras.operator.api.crd.OrasCache.inClusterAddress(name, namespace),
            name,
            java.util.Optional.empty(),
            true);
  }
}

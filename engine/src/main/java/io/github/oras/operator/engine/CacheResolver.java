package io.github.oras.operator.engine;

/**
 * Finds the OrasCache a workload names. The operator answers from the cluster (the cache's status);
 * offline tools use {@link #byConvention()}.
 */
public interface CacheResolver {

  CacheLookup lookup(String namespace, String cacheName);

  /**
   * Whether lookups answer from what the cluster holds (a watch that has synced); the webhook
   * reports not ready until then, so no workload is judged against an empty directory.
   */
  default boolean ready() {
    return true;
  }

  /**
   * Whether a lookup only reads memory and never waits (no API call, no lock held by a slow
   * writer): the webhook then answers small reviews on its event loop instead of handing them to a
   * worker thread. Assume not, unless the implementation knows.
   */
  default boolean answersFromMemory() {
    return false;
  }

  /**
   * Whether {@code name} is the headless Service of a deployed OrasCache in the namespace (a
   * workload whose pods use it as their subdomain collides with the cache).
   */
  default boolean isCacheService(String namespace, String name) {
    return lookup(namespace, name) instanceof CacheLookup.Deployed deployed
        && deployed.service().equals(name);
  }

  /**
   * Assumes every named cache exists and is deployed, at the address the operator gives it: pod
   * {@code <name>-0} behind headless service {@code <name>}. For {@code inject} without a cluster;
   * it knows no other caches, so only a workload's own cache can collide with its subdomain.
   */
  static CacheResolver byConvention() {
    return new CacheResolver() {
      @Override
      public CacheLookup lookup(String namespace, String name) {
        return new CacheLookup.Deployed(
            io.github.oras.operator.api.crd.OrasCache.inClusterAddress(name, namespace),
            name,
            java.util.Optional.empty(),
            true);
      }

      @Override
      public boolean isCacheService(String namespace, String name) {
        return false;
      }

      @Override
      public boolean answersFromMemory() {
        return true;
      }
    };
  }
}

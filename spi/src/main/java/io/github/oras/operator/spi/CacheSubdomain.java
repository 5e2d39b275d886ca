package io.github.oras.operator.spi;

import java.util.Optional;

/**
 * The first implementation's behaviour, done fully: the pods join the cache's headless Service (its
 * name as their subdomain, and the label the Service selects), so that pods with a hostname resolve
 * as {@code <hostname>.<cache>.<namespace>.svc}. Pods already in a service of their own keep it,
 * with a warning: a pod can be in only one.
 */
public final class CacheSubdomain implements ServiceMergeStrategy {
  public static final String NAME = "cache-subdomain";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "pods without a headless service of their own join the cache's";
  }

  @Override
  public Decision decide(Networking networking) {
    Optional<String> own = networking.workloadSubdomain();
    Optional<String> cache = networking.cacheService();
    if (cache.isEmpty()) {
      return new KeepSubdomain().decide(networking);
    }
    if (own.isEmpty() || own.equals(cache)) {
      return new Decision.JoinCacheService(cache.get());
    }
    if (networking.subdomainIsCacheService()) {
      return new KeepSubdomain().decide(networking);
    }
    return new Decision.Keep(
        Optional.of(
            "the pods keep their own subdomain \""
                + own.get()
                + "\" (a pod can be in one headless service only) instead of joining the cache's"
                + " \""
                + cache.get()
                + "\"; the cache is reached by its full DNS name"));
  }
}

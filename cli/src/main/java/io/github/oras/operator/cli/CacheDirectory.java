package io.github.oras.operator.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.engine.CacheLookup;
import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.reconciler.CacheConditions;
import io.github.oras.operator.reconciler.dependent.DeployEnabledCondition;
import java.util.Optional;

/**
 * Looks up the OrasCache a workload names, for the admission webhook, in an informer's cache (RBAC:
 * list and watch on orascaches): an admission request costs no API call, and every webhook replica
 * answers without leadership. Not ready until the informer has synced once.
 */
public final class CacheDirectory implements CacheResolver, AutoCloseable {
  private final SharedIndexInformer<OrasCache> informer;

  private CacheDirectory(SharedIndexInformer<OrasCache> informer) {
    this.informer = informer;
  }

  /** Starts watching OrasCaches in every namespace; returns at once, before the first sync. */
  public static CacheDirectory watch(KubernetesClient client) {
    SharedIndexInformer<OrasCache> informer =
        client.resources(OrasCache.class).inAnyNamespace().runnableInformer(0);
    informer.start();
    return new CacheDirectory(informer);
  }

  @Override
  public boolean ready() {
    return informer.hasSynced();
  }

  /** The informer's store is a concurrent map: a lookup is one read of it, never a wait. */
  @Override
  public boolean answersFromMemory() {
    return true;
  }

  @Override
  public CacheLookup lookup(String namespace, String name) {
    OrasCache cache = informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    if (cache == null) {
      return new CacheLookup.NotFound();
    }
    Optional<String> orasEnv =
        Optional.ofNullable(cache.getSpec())
            .map(OrasCacheSpec::getSecrets)
            .map(OrasCacheSecrets::getOrasEnv)
            .filter(secret -> !secret.isEmpty());
    if (!DeployEnabledCondition.deploys(cache)) {
      return new CacheLookup.RemoteOnly(orasEnv);
    }
    // The status is the published address; before the first reconciliation it is not there yet,
    // and the address the operator will publish is the fixed in-cluster one.
    String registry =
        Optional.ofNullable(cache.getStatus())
            .map(s -> s.getRegistry())
            .filter(r -> !r.isEmpty())
            .orElseGet(() -> OrasCache.inClusterAddress(name, namespace));
    return new CacheLookup.Deployed(registry, name, orasEnv, isReady(cache));
  }

  private static boolean isReady(OrasCache cache) {
    return cache.getStatus() != null
        && cache.getStatus().getConditions() != null
        && cache.getStatus().getConditions().stream()
            .filter(c -> CacheConditions.READY.equals(c.getType()))
            .map(Condition::getStatus)
            .anyMatch(CacheConditions.TRUE::equals);
  }

  @Override
  public void close() {
    informer.close();
  }
}

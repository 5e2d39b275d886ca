package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.reconciler.dependent.DeployEnabledCondition;
import io.github.oras.operator.webhook.engine.CacheLookup;
import io.github.oras.operator.webhook.engine.CacheResolver;
import java.util.Objects;
import java.util.Optional;

/**
 * Looks up the OrasCache a workload names, for the admission webhook. Reads one object with {@code
 * get} (RBAC: get on orascaches), so it can answer on every webhook replica without leadership.
 */
public final class CacheDirectory implements CacheResolver {
  private final KubernetesClient client;

  public CacheDirectory(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public CacheLookup lookup(String namespace, String name) {
    OrasCache cache = client.resources(OrasCache.class).inNamespace(namespace).withName(name).get();
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
}

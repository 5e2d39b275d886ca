package io.github.oras.operator.reconciler;

import io.github.oras.operator.api.CacheNetwork;
import io.github.oras.operator.api.crd.OrasCache;
import java.util.Map;

/**
 * Labels on every object the operator creates for a cache. The informers watch only objects with
 * {@link #MANAGED_SELECTOR}, so the operator does not cache every StatefulSet and Service of the
 * cluster.
 */
public final class CacheLabels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String COMPONENT_VALUE = "oras-cache";
  public static final String MANAGER_VALUE = "oras-operator";
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER_VALUE;

  private CacheLabels() {}

  /** Labels that select the cache's registry pod (also the StatefulSet and Service selector). */
  public static Map<String, String> selector(OrasCache cache) {
    return Map.of(NAME, COMPONENT_VALUE, INSTANCE, cache.getMetadata().getName());
  }

  /**
   * The headless Service's selector: the registry pod, and workload pods that the webhook put in
   * the cache's Service (service merge strategy cache-subdomain), which carry the same label.
   */
  public static Map<String, String> serviceSelector(OrasCache cache) {
    return Map.of(CacheNetwork.MEMBER_LABEL, cache.getMetadata().getName());
  }

  /** Labels of the registry pod: an owned object's, and the Service's selector. */
  public static Map<String, String> registryPod(OrasCache cache) {
    Map<String, String> labels = new java.util.HashMap<>(owned(cache));
    labels.putAll(serviceSelector(cache));
    return Map.copyOf(labels);
  }

  /** Labels on owned objects: the selector plus the managed-by marker the informers filter on. */
  public static Map<String, String> owned(OrasCache cache) {
    return Map.of(
        NAME, COMPONENT_VALUE, INSTANCE, cache.getMetadata().getName(), MANAGED_BY, MANAGER_VALUE);
  }
}

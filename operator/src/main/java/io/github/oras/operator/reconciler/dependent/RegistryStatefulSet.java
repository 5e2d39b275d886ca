package io.github.oras.operator.reconciler.dependent;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.reconciler.CacheLabels;
import io.github.oras.operator.reconciler.SpecProblems;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Optional;

/**
 * The registry StatefulSet {@code <cache>}, owned by the cache (so the API server's garbage
 * collector deletes it with the cache). A user's edit is overwritten on the next reconciliation.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CacheLabels.MANAGED_SELECTOR))
public class RegistryStatefulSet extends CRUDKubernetesDependentResource<StatefulSet, OrasCache> {

  /** An invalid spec is not rolled out: the registry that runs keeps running as it is. */
  @Override
  public ReconcileResult<StatefulSet> reconcile(OrasCache cache, Context<OrasCache> context) {
    if (!SpecProblems.of(cache, context).isEmpty()) {
      return ReconcileResult.noOperation(getSecondaryResource(cache, context).orElse(null));
    }
    return super.reconcile(cache, context);
  }

  @Override
  protected StatefulSet desired(OrasCache cache, Context<OrasCache> context) {
    return RegistryStatefulSetShape.render(cache);
  }

  /**
   * The API server forbids changing a StatefulSet's volumeClaimTemplates, so a storage change
   * replaces the StatefulSet. An existing claim {@code data-<cache>-0} is kept by Kubernetes and
   * reused; its size is not changed.
   */
  @Override
  public StatefulSet update(
      StatefulSet actual, StatefulSet desired, OrasCache cache, Context<OrasCache> context) {
    if (claims(actual).equals(claims(desired))) {
      return super.update(actual, desired, cache, context);
    }
    context
        .getClient()
        .resource(actual)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    desired.getMetadata().setResourceVersion(null);
    return create(desired, cache, context);
  }

  /** Names the target without rendering it, so an invalid spec cannot break the lookup. */
  @Override
  protected ResourceID targetSecondaryResourceID(OrasCache cache, Context<OrasCache> context) {
    return new ResourceID(cache.getMetadata().getName(), cache.getMetadata().getNamespace());
  }

  /** What of a claim template the cache decides, in a form that ignores API-server defaults. */
  private record Claim(String name, Optional<String> size, Optional<String> storageClass) {}

  private static List<Claim> claims(StatefulSet set) {
    List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
    return templates == null
        ? List.of()
        : templates.stream()
            .map(
                t ->
                    new Claim(
                        t.getMetadata().getName(),
                        Optional.ofNullable(t.getSpec().getResources())
                            .map(r -> r.getRequests())
                            .map(r -> r.get("storage"))
                            .map(q -> Quantity.getAmountInBytes(q).toPlainString()),
                        Optional.ofNullable(t.getSpec().getStorageClassName())))
            .toList();
  }
}

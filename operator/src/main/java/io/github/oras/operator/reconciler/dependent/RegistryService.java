package io.github.oras.operator.reconciler.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.reconciler.CacheLabels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The headless Service {@code <cache>} that names the registry pod, and the workload pods that
 * joined it, owned by the cache.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CacheLabels.MANAGED_SELECTOR))
public class RegistryService extends CRUDKubernetesDependentResource<Service, OrasCache> {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Override
  protected Service desired(OrasCache cache, Context<OrasCache> context) {
    Service service = template();
    service.getMetadata().setName(cache.getMetadata().getName());
    service.getMetadata().setNamespace(cache.getMetadata().getNamespace());
    service.getMetadata().setLabels(CacheLabels.owned(cache));
    service.getSpec().setSelector(CacheLabels.serviceSelector(cache));
    return service;
  }

  @Override
  protected ResourceID targetSecondaryResourceID(OrasCache cache, Context<OrasCache> context) {
    return new ResourceID(cache.getMetadata().getName(), cache.getMetadata().getNamespace());
  }

  private static Service template() {
    try (InputStream yaml = RegistryService.class.getResourceAsStream("service.yaml")) {
      return SERIALIZATION.unmarshal(yaml, Service.class);
    } catch (IOException e) {
      throw new UncheckedIOException("service.yaml is missing from the operator jar", e);
    }
  }
}

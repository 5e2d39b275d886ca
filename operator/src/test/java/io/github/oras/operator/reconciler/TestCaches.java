package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheAuth;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStorage;

/** OrasCache objects and the CRD the mock API server needs to serve the status subresource. */
final class TestCaches {
  private TestCaches() {}

  static OrasCache cache(String namespace, String name) {
    OrasCache cache = new OrasCache();
    cache.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    cache.setSpec(new OrasCacheSpec());
    return cache;
  }

  static OrasCache withStorage(OrasCache cache, String size) {
    OrasCacheStorage storage = new OrasCacheStorage();
    storage.setSize(size);
    cache.getSpec().setStorage(storage);
    return cache;
  }

  static OrasCache withAuth(OrasCache cache, String secret) {
    OrasCacheAuth auth = new OrasCacheAuth();
    auth.setHtpasswdSecret(secret);
    cache.getSpec().setAuth(auth);
    return cache;
  }

  /** Enough of the OrasCache CRD for the mock server to treat status as a subresource. */
  static CustomResourceDefinition crd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("orascaches." + OrasCache.GROUP)
        .endMetadata()
        .withNewSpec()
        .withGroup(OrasCache.GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind("OrasCache")
        .withPlural("orascaches")
        .withSingular("orascache")
        .endNames()
        .addNewVersion()
        .withName(OrasCache.VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}

package io.github.oras.operator.reconciler.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheNetwork;
import io.github.oras.operator.reconciler.CacheLabels;
import io.github.oras.operator.reconciler.SpecCheck;
import io.github.oras.operator.reconciler.SpecProblems;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicy {@code <cache>} that admits traffic to the registry's port only from the
 * cache's namespace and the sources in spec.network, owned by the cache.
 */
@KubernetesDependent(informer = @Informer(labelSelector = CacheLabels.MANAGED_SELECTOR))
public class RegistryNetworkPolicy
    extends CRUDKubernetesDependentResource<NetworkPolicy, OrasCache> {
  /** The label the API server puts on every namespace, holding its name (Kubernetes 1.21+). */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** An invalid spec is not rolled out: the policy in place stays as it is. */
  @Override
  public ReconcileResult<NetworkPolicy> reconcile(OrasCache cache, Context<OrasCache> context) {
    if (!SpecProblems.of(cache, context).isEmpty()) {
      return ReconcileResult.noOperation(getSecondaryResource(cache, context).orElse(null));
    }
    return super.reconcile(cache, context);
  }

  @Override
  protected NetworkPolicy desired(OrasCache cache, Context<OrasCache> context) {
    return render(cache);
  }

  /** Pure: networkpolicy.yaml with names, the registry pod's labels and the extra sources. */
  public static NetworkPolicy render(OrasCache cache) {
    NetworkPolicy policy = template();
    policy.getMetadata().setName(cache.getMetadata().getName());
    policy.getMetadata().setNamespace(cache.getMetadata().getNamespace());
    policy.getMetadata().setLabels(CacheLabels.owned(cache));
    // The registry pod's own labels, managed-by included, so that no other pod is selected.
    policy.getSpec().getPodSelector().setMatchLabels(CacheLabels.owned(cache));
    List<NetworkPolicyPeer> from = policy.getSpec().getIngress().get(0).getFrom();
    OrasCacheNetwork network = SpecCheck.specOf(cache).getNetwork();
    if (network != null) {
      orEmpty(network.getAllowedNamespaces()).forEach(name -> from.add(namespace(name)));
      orEmpty(network.getAllowedCidrs()).forEach(cidr -> from.add(block(cidr)));
    }
    return policy;
  }

  @Override
  protected ResourceID targetSecondaryResourceID(OrasCache cache, Context<OrasCache> context) {
    return new ResourceID(cache.getMetadata().getName(), cache.getMetadata().getNamespace());
  }

  private static NetworkPolicyPeer namespace(String name) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, name))
        .endNamespaceSelector()
        .build();
  }

  private static NetworkPolicyPeer block(String cidr) {
    return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build();
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static NetworkPolicy template() {
    try (InputStream yaml = RegistryNetworkPolicy.class.getResourceAsStream("networkpolicy.yaml")) {
      return SERIALIZATION.unmarshal(yaml, NetworkPolicy.class);
    } catch (IOException e) {
      throw new UncheckedIOException("networkpolicy.yaml is missing from the operator jar", e);
    }
  }
}

package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheNetwork;
import io.github.oras.operator.reconciler.dependent.NetworkPolicyEnabledCondition;
import io.github.oras.operator.reconciler.dependent.RegistryNetworkPolicy;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSetShape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NetworkPolicy a cache gets, rendered without an API server. */
class RegistryNetworkPolicyTest {

  @Test
  void admitsOnlyTheCachesNamespaceToTheRegistryPort() {
    NetworkPolicy policy = RegistryNetworkPolicy.render(TestCaches.cache("team", "artifacts"));

    assertThat(policy.getMetadata().getName()).isEqualTo("artifacts");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    assertThat(rule.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getPort().getIntVal()).isEqualTo(OrasCache.REGISTRY_PORT);
              assertThat(port.getProtocol()).isEqualTo("TCP");
            });
    // A podSelector alone means "pods of the policy's own namespace"; an empty one means all of
    // them. A namespaceSelector here would open the registry to other namespaces.
    assertThat(rule.getFrom())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isNull();
              assertThat(peer.getIpBlock()).isNull();
              assertThat(peer.getPodSelector().getMatchLabels()).isNullOrEmpty();
              assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
            });
  }

  /**
   * The policy selects exactly the registry pod: its selector is the pod template's labels,
   * including managed-by, so a workload pod that joins the cache's Service is not isolated by it.
   */
  @Test
  void selectsTheRegistryPodAndNothingElse() {
    OrasCache cache = TestCaches.cache("team", "artifacts");
    NetworkPolicy policy = RegistryNetworkPolicy.render(cache);
    Map<String, String> podLabels =
        RegistryStatefulSetShape.render(cache).getSpec().getTemplate().getMetadata().getLabels();

    assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(CacheLabels.INSTANCE, "artifacts")
        .containsEntry(CacheLabels.MANAGED_BY, CacheLabels.MANAGER_VALUE);
    assertThat(policy.getMetadata().getLabels())
        .containsEntry(CacheLabels.MANAGED_BY, CacheLabels.MANAGER_VALUE);
  }

  @Test
  void allowedNamespacesAndCidrsAreAddedAsSources() {
    OrasCache cache = TestCaches.cache("team", "artifacts");
    OrasCacheNetwork network = new OrasCacheNetwork();
    network.setAllowedNamespaces(List.of("ingress-nginx"));
    network.setAllowedCidrs(List.of("10.1.0.0/16"));
    cache.getSpec().setNetwork(network);

    List<NetworkPolicyPeer> from =
        RegistryNetworkPolicy.render(cache).getSpec().getIngress().get(0).getFrom();

    assertThat(from).hasSize(3);
    assertThat(from.get(1).getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "ingress-nginx"));
    assertThat(from.get(1).getPodSelector()).isNull();
    assertThat(from.get(2).getIpBlock().getCidr()).isEqualTo("10.1.0.0/16");
    assertThat(from.get(2).getIpBlock().getExcept()).isNullOrEmpty();
  }

  @Test
  void thereIsAPolicyUnlessItIsSwitchedOffOrNothingIsDeployed() {
    OrasCache cache = TestCaches.cache("team", "artifacts");
    assertThat(NetworkPolicyEnabledCondition.wanted(cache)).isTrue();

    cache.getSpec().setNetwork(new OrasCacheNetwork());
    assertThat(NetworkPolicyEnabledCondition.wanted(cache)).isTrue();

    cache.getSpec().getNetwork().setPolicy(false);
    assertThat(NetworkPolicyEnabledCondition.wanted(cache)).isFalse();

    OrasCache remote = TestCaches.cache("team", "remote");
    remote.getSpec().setDeploy(false);
    assertThat(NetworkPolicyEnabledCondition.wanted(remote)).isFalse();
  }
}

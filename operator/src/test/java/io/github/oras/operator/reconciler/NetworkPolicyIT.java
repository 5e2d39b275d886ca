package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator keeps a NetworkPolicy beside each deployed registry, as the spec asks. */
class NetworkPolicyIT extends CacheOperatorIT {

  @Test
  void aCacheGetsAPolicyItOwnsThatFollowsTheSpec() {
    OrasCache created = create(TestCaches.cache(NS, "artifacts"));

    NetworkPolicy policy = await("NetworkPolicy", () -> policy("artifacts"), p -> true);
    assertOwnedBy(policy, created);
    assertThat(policy.getSpec().getIngress().get(0).getFrom()).hasSize(1);

    edit(
        "artifacts",
        c -> {
          OrasCacheNetwork network = new OrasCacheNetwork();
          network.setAllowedNamespaces(List.of("ingress-nginx"));
          c.getSpec().setNetwork(network);
        });
    NetworkPolicy widened =
        await(
            "NetworkPolicy admitting ingress-nginx",
            () -> policy("artifacts"),
            p -> p.getSpec().getIngress().get(0).getFrom().size() == 2);
    assertThat(widened.getSpec().getIngress().get(0).getFrom().get(1).getNamespaceSelector())
        .isNotNull();

    edit("artifacts", c -> c.getSpec().getNetwork().setPolicy(false));
    await("NetworkPolicy deleted", () -> policy("artifacts") == null, gone -> gone);
    assertThat(statefulSet("artifacts")).isNotNull();
  }

  @Test
  void aRemoteCacheHasNoPolicy() {
    OrasCache remote = TestCaches.cache(NS, "remote");
    remote.getSpec().setDeploy(false);
    create(remote);

    awaitCondition("remote", CacheConditions.READY, "True", CacheConditions.REMOTE_REGISTRY);
    assertThat(policy("remote")).isNull();
  }

  @Test
  void aBadCidrIsReportedAndThePolicyInPlaceIsKept() {
    create(TestCaches.cache(NS, "artifacts"));
    await("NetworkPolicy", () -> policy("artifacts"), p -> true);

    edit(
        "artifacts",
        c -> {
          OrasCacheNetwork network = new OrasCacheNetwork();
          network.setAllowedCidrs(List.of("10.0.0.0/40"));
          c.getSpec().setNetwork(network);
        });

    OrasCache degraded =
        awaitCondition("artifacts", CacheConditions.DEGRADED, "True", SpecProblem.INVALID_NETWORK);
    assertThat(condition(degraded, CacheConditions.DEGRADED).orElseThrow().getMessage())
        .contains("spec.network.allowedCidrs[0]", "10.0.0.0/40");
    assertThat(policy("artifacts").getSpec().getIngress().get(0).getFrom()).hasSize(1);
  }

  private NetworkPolicy policy(String name) {
    return client.network().v1().networkPolicies().inNamespace(NS).withName(name).get();
  }
}

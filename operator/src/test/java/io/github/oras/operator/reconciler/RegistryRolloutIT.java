package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.github.oras.operator.api.CacheNetwork;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSetShape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating, changing and hand-editing a cache, with the real operator on the mock API server. */
class RegistryRolloutIT extends CacheOperatorIT {

  @Test
  void createsTheRegistryStatefulSetAndHeadlessService() {
    OrasCache cache = create(TestCaches.cache(NS, "artifacts"));

    StatefulSet set = awaitStatefulSet("artifacts");
    assertThat(set.getSpec().getReplicas()).isEqualTo(1);
    assertThat(set.getSpec().getServiceName()).isEqualTo("artifacts");
    Container registry = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(registry.getImage()).isEqualTo(OrasCacheSpec.DEFAULT_IMAGE);
    assertThat(registry.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(5000));
    assertThat(set.getSpec().getSelector().getMatchLabels()).isEqualTo(CacheLabels.selector(cache));
    assertThat(set.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(set.getSpec().getSelector().getMatchLabels());
    assertOwnedBy(set, cache);

    Service service = await("Service artifacts", () -> service("artifacts"), s -> true);
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    // The Service selects the registry pod and the workload pods the webhook labelled for this
    // cache (cache-subdomain), by the one label both carry.
    assertThat(service.getSpec().getSelector())
        .isEqualTo(Map.of(CacheNetwork.MEMBER_LABEL, "artifacts"));
    assertThat(set.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    Map<String, String> workloadPod =
        Map.of("batch.kubernetes.io/job-name", "step", CacheNetwork.MEMBER_LABEL, "artifacts");
    assertThat(workloadPod).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(5000));
    assertOwnedBy(service, cache);
    // Owned objects go with the cache through the garbage collector: no finalizer holds it.
    assertThat(get("artifacts").getMetadata().getFinalizers()).isEmpty();
  }

  @Test
  void statusCarriesTheAddressAndFollowsTheRegistryPod() {
    create(TestCaches.cache(NS, "artifacts"));

    OrasCache starting =
        awaitCondition(
            "artifacts", CacheConditions.READY, "False", CacheConditions.REGISTRY_STARTING);
    assertThat(starting.getStatus().getRegistry())
        .isEqualTo("artifacts-0.artifacts.team.svc.cluster.local:5000");
    assertThat(starting.getStatus().getObservedGeneration())
        .isEqualTo(starting.getMetadata().getGeneration());
    assertThat(condition(starting, CacheConditions.DEGRADED))
        .hasValueSatisfying(d -> assertThat(d.getStatus()).isEqualTo("False"));

    // The mock server runs no StatefulSet controller: report the pod ready as kubelet would.
    client
        .apps()
        .statefulSets()
        .inNamespace(NS)
        .withName("artifacts")
        .editStatus(
            s -> {
              s.setStatus(
                  new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
              return s;
            });

    OrasCache ready =
        awaitCondition("artifacts", CacheConditions.READY, "True", CacheConditions.REGISTRY_READY);
    assertThat(condition(ready, CacheConditions.READY).orElseThrow().getMessage())
        .contains("artifacts-0");
  }

  @Test
  void imageAndStorageChangesRollOut() {
    create(TestCaches.cache(NS, "artifacts"));
    StatefulSet before = awaitStatefulSet("artifacts");

    edit("artifacts", c -> c.getSpec().setImage("registry.example.com/mirror/registry:2.8.3"));
    await(
        "new image",
        () -> statefulSet("artifacts"),
        s -> image(s).equals("registry.example.com/mirror/registry:2.8.3"));

    OrasCache withStorage = edit("artifacts", c -> TestCaches.withStorage(c, "20Gi"));
    StatefulSet after =
        await(
            "claim template",
            () -> statefulSet("artifacts"),
            s ->
                s.getSpec().getVolumeClaimTemplates() != null
                    && !s.getSpec().getVolumeClaimTemplates().isEmpty());
    assertThat(after.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            claim -> {
              assertThat(claim.getMetadata().getName())
                  .isEqualTo(RegistryStatefulSetShape.DATA_VOLUME);
              assertThat(claim.getSpec().getResources().getRequests())
                  .containsEntry("storage", new Quantity("20Gi"));
            });
    assertThat(after.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(Volume::getName)
        .doesNotContain(RegistryStatefulSetShape.DATA_VOLUME);
    // Claim templates cannot change in place, so the StatefulSet was replaced, still owned.
    assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
    assertThat(image(after)).isEqualTo("registry.example.com/mirror/registry:2.8.3");
    assertOwnedBy(after, withStorage);
  }

  @Test
  void aManualEditOfTheStatefulSetIsReconciledBack() {
    create(TestCaches.cache(NS, "artifacts"));
    awaitStatefulSet("artifacts");

    client
        .apps()
        .statefulSets()
        .inNamespace(NS)
        .withName("artifacts")
        .edit(
            s -> {
              s.getSpec().setReplicas(3);
              s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("busybox:latest");
              return s;
            });

    StatefulSet restored =
        await(
            "restored StatefulSet",
            () -> statefulSet("artifacts"),
            s -> s.getSpec().getReplicas() == 1 && image(s).equals(OrasCacheSpec.DEFAULT_IMAGE));
    assertThat(restored.getSpec().getReplicas()).isEqualTo(1);
  }

  private static String image(StatefulSet set) {
    return set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}

package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSpec;
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
    assertThat(registry.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(5000));
    assertThat(set.getSpec().getSelector().getMatchLabels()).isEqualTo(CacheLabels.selector(cache));
    assertThat(set.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(set.getSpec().getSelector().getMatchLabels());
    assertOwnedBy(set, cache);

    Service service = await("Service artifacts", () -> service("artifacts"), s -> true);
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getSelector()).isEqualTo(set.getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(5000));
    assertOwnedBy(service, cache);
  }
}

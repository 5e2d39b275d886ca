package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.crd.OrasCache;
import org.junit.jupiter.api.Test;

/** spec.deploy=false: no registry in the namespace; workloads name a remote one. */
class RemoteRegistryIT extends CacheOperatorIT {

  @Test
  void deployFalseRunsNothingAndTellsWorkloadsToNameARegistry() {
    OrasCache cache = TestCaches.cache(NS, "remote");
    cache.getSpec().setDeploy(false);
    create(cache);

    OrasCache reported =
        awaitCondition("remote", CacheConditions.READY, "True", CacheConditions.REMOTE_REGISTRY);
    assertThat(condition(reported, CacheConditions.READY).orElseThrow().getMessage())
        .contains("oras.converged-computing.github.io/registry");
    assertThat(reported.getStatus().getRegistry()).isNull();
    assertThat(reported.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(statefulSet("remote")).isNull();
    assertThat(service("remote")).isNull();
  }

  @Test
  void switchingToDeployFalseRemovesTheLocalRegistry() {
    create(TestCaches.cache(NS, "artifacts"));
    awaitStatefulSet("artifacts");
    await("Service", () -> service("artifacts"), s -> true);

    edit("artifacts", c -> c.getSpec().setDeploy(false));

    awaitCondition("artifacts", CacheConditions.READY, "True", CacheConditions.REMOTE_REGISTRY);
    await("StatefulSet deleted", () -> statefulSet("artifacts") == null, gone -> gone);
    await("Service deleted", () -> service("artifacts") == null, gone -> gone);
  }
}

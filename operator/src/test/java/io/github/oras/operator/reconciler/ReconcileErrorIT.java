package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.github.oras.operator.api.crd.OrasCache;
import org.junit.jupiter.api.Test;

/**
 * An API error the operator cannot fix (here: RBAC refuses StatefulSets) is reported, not hidden.
 */
class ReconcileErrorIT extends CacheOperatorIT {

  @Override
  void beforeStart() {
    server
        .expect()
        .post()
        .withPath("/apis/apps/v1/namespaces/" + NS + "/statefulsets")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(
                    "statefulsets.apps is forbidden: User"
                        + " \"system:serviceaccount:oras-system:oras-operator\" cannot create"
                        + " resource \"statefulsets\"")
                .build())
        .always();
  }

  @Test
  void aRefusedCreateBecomesDegradedWithTheServersMessage() {
    create(TestCaches.cache(NS, "artifacts"));

    OrasCache degraded =
        awaitCondition(
            "artifacts", CacheConditions.DEGRADED, "True", CacheConditions.RECONCILE_ERROR);

    assertThat(condition(degraded, CacheConditions.DEGRADED).orElseThrow().getMessage())
        .contains("forbidden", "statefulsets");
    assertThat(statefulSet("artifacts")).isNull();
  }
}

package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.Test;

/** With leader election the operator takes the Lease before it reconciles. */
class LeaderElectionIT extends CacheOperatorIT {

  @Override
  OperatorSettings settings() {
    return super.settings().withLeaderElection("oras-operator-leader", "oras-system");
  }

  /**
   * The SDK checks with a SelfSubjectRulesReview that it may get, create and update Leases; the
   * mock server has no authorizer, so it answers as an API server would for our Role.
   */
  @Override
  void beforeStart() {
    var review =
        new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .addNewResourceRule()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withVerbs("get", "create", "update")
            .endResourceRule()
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  @Test
  void holdsTheLeaseAndReconciles() {
    create(TestCaches.cache(NS, "artifacts"));

    awaitStatefulSet("artifacts");
    Lease lease =
        await(
            "Lease",
            () -> client.leases().inNamespace("oras-system").withName("oras-operator-leader").get(),
            l -> l.getSpec().getHolderIdentity() != null);
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    assertThat(lostLeadership.get()).isZero();
  }

  /** Stopping gives up the Lease without treating it as lost leadership (which would exit). */
  @org.junit.jupiter.api.AfterEach
  void stoppingIsNotLosingLeadership() {
    stopOperator();
    assertThat(lostLeadership.get()).isZero();
  }
}

package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.oras.operator.api.crd.OrasCache;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that run the real operator (SDK, informers, workflow, dependents) against
 * fabric8's mock API server in CRUD mode. The mock server has no server-side apply, so SSA is off
 * for the primary and the dependents; it has no controllers either, so nothing creates pods and
 * nothing garbage-collects: tests set StatefulSet status by hand and check owner references instead
 * of cascading deletion.
 */
@EnableKubernetesMockClient(crud = true)
abstract class CacheOperatorIT {
  static final String NS = "team";

  KubernetesMockServer server;
  KubernetesClient client;
  final AtomicInteger reconciliations = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger lostLeadership = new AtomicInteger();
  private CacheOperator operator;

  @BeforeEach
  void startOperator() {
    client.apiextensions().v1().customResourceDefinitions().resource(TestCaches.crd()).create();
    beforeStart();
    Metrics counting =
        new Metrics() {
          @Override
          public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
            reconciliations.incrementAndGet();
          }

          @Override
          public void failedReconciliation(
              HasMetadata resource, Exception exception, Map<String, Object> metadata) {
            failures.incrementAndGet();
          }
        };
    operator =
        new CacheOperator(
            client,
            settings(),
            lostLeadership::incrementAndGet,
            sdk ->
                sdk.withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withMetrics(counting),
            controller -> controller.withReconciliationMaxInterval(reconcileInterval()));
    operator.start();
  }

  /** Prepares the mock server for a test's operator before it starts. */
  void beforeStart() {}

  OperatorSettings settings() {
    return OperatorSettings.defaults();
  }

  /** Periodic reconciliation in tests, so that re-checks happen within the test's patience. */
  Duration reconcileInterval() {
    return Duration.ofSeconds(1);
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  OrasCache create(OrasCache cache) {
    return client.resource(cache).create();
  }

  /**
   * Changes a cache as a user would, retrying when the operator's status write got in between (409
   * Conflict), as kubectl edit asks the user to.
   */
  OrasCache edit(String name, java.util.function.Consumer<OrasCache> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .resources(OrasCache.class)
            .inNamespace(NS)
            .withName(name)
            .edit(
                c -> {
                  change.accept(c);
                  return c;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  OrasCache get(String name) {
    return client.resources(OrasCache.class).inNamespace(NS).withName(name).get();
  }

  StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  Service service(String name) {
    return client.services().inNamespace(NS).withName(name).get();
  }

  StatefulSet awaitStatefulSet(String name) {
    return await("StatefulSet " + name, () -> statefulSet(name), s -> true);
  }

  static Optional<Condition> condition(OrasCache cache, String type) {
    if (cache.getStatus() == null) {
      return Optional.empty();
    }
    return cache.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  OrasCache awaitCondition(String name, String type, String status, String reason) {
    return await(
        name + " " + type + "=" + status + " (" + reason + ")",
        () -> get(name),
        c ->
            condition(c, type)
                .filter(x -> status.equals(x.getStatus()) && reason.equals(x.getReason()))
                .isPresent());
  }

  /**
   * The API server's garbage collector deletes an object when its owners are gone; the mock server
   * has no garbage collector, so cascading deletion is checked through the owner reference.
   */
  static void assertOwnedBy(HasMetadata owned, OrasCache cache) {
    assertThat(owned.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            (OwnerReference ref) -> {
              assertThat(ref.getUid()).isEqualTo(cache.getMetadata().getUid());
              assertThat(ref.getKind()).isEqualTo("OrasCache");
              assertThat(ref.getApiVersion()).isEqualTo(OrasCache.GROUP + "/" + OrasCache.VERSION);
              assertThat(ref.getName()).isEqualTo(cache.getMetadata().getName());
            });
  }
}

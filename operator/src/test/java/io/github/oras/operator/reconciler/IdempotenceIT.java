package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.oras.operator.api.crd.OrasCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Once a cache has converged, further reconciliations (here every 300 ms) send no write to the API
 * server: every request the mock server records in that window is a read.
 */
class IdempotenceIT extends CacheOperatorIT {

  @Override
  java.time.Duration reconcileInterval() {
    return java.time.Duration.ofMillis(300);
  }

  @Test
  void reconcilingAConvergedCacheWritesNothing() throws InterruptedException {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("users")
                .endMetadata()
                .addToStringData("htpasswd", "user:$2y$05$abcdefghijklmnopqrstuv")
                .build())
        .create();
    create(TestCaches.cache(NS, "plain"));
    create(
        TestCaches.withAuth(TestCaches.withStorage(TestCaches.cache(NS, "full"), "5Gi"), "users"));
    OrasCache remote = TestCaches.cache(NS, "remote");
    remote.getSpec().setDeploy(false);
    create(remote);
    awaitCondition("plain", CacheConditions.READY, "False", CacheConditions.REGISTRY_STARTING);
    awaitCondition("full", CacheConditions.READY, "False", CacheConditions.REGISTRY_STARTING);
    awaitCondition("remote", CacheConditions.READY, "True", CacheConditions.REMOTE_REGISTRY);
    // Let the reconciliations triggered by the operator's own writes finish.
    int settled = reconciliations.get();
    await("reconciliations after convergence", reconciliations::get, n -> n >= settled + 3);
    drainRequests();

    int start = reconciliations.get();
    await("three more rounds of reconciliation", reconciliations::get, n -> n >= start + 9);
    List<RecordedRequest> window = drainRequests();

    assertThat(window).as("requests while reconciling converged caches").isNotEmpty();
    assertThat(window)
        .filteredOn(r -> !r.getMethod().equals("GET"))
        .as("writes while reconciling converged caches")
        .isEmpty();
  }

  private List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest next;
    while ((next = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(next);
    }
    return requests;
  }
}

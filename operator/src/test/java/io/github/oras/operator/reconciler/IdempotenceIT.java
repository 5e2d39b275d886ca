package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheNetwork;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Once a cache has converged, further reconciliations (here every 300 ms) send no write to the API
 * server: every request the mock server records in that window, if any, is a read.
 */
class IdempotenceIT extends CacheOperatorIT {

  @Override
  java.time.Duration reconcileInterval() {
    return java.time.Duration.ofMillis(300);
  }

  @Test
  void reconcilingAConvergedCacheWritesNothing() throws InterruptedException {
    create(TestCaches.cache(NS, "plain"));
    OrasCache full =
        TestCaches.withAuth(TestCaches.withStorage(TestCaches.cache(NS, "full"), "5Gi"), "users");
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp("upload-key");
    full.getSpec().setSecrets(secrets);
    OrasCacheNetwork network = new OrasCacheNetwork();
    network.setAllowedNamespaces(List.of("ingress-nginx"));
    network.setAllowedCidrs(List.of("10.0.0.0/8"));
    full.getSpec().setNetwork(network);
    create(full);
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

    // The reconciler reads everything from its informers' caches (it reads no Secret), so the
    // window may hold no request at all; the reconciliation count shows that work happened.
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

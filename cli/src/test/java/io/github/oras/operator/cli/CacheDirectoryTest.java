package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStatus;
import io.github.oras.operator.engine.CacheLookup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The directory answers from its watch: against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class CacheDirectoryTest {
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void aDeployedCacheAnswersWithTheAddressAndReadinessFromItsStatus() throws Exception {
    OrasCache cache = cache("team", "artifacts");
    OrasCacheStatus status = new OrasCacheStatus();
    status.setRegistry("registry.team.example:5000");
    status.setConditions(
        List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
    cache.setStatus(status);
    client.resource(cache).create();

    try (CacheDirectory directory = synced()) {
      assertThat(directory.lookup("team", "artifacts"))
          .isEqualTo(
              new CacheLookup.Deployed(
                  "registry.team.example:5000", "artifacts", Optional.empty(), true));
    }
  }

  @Test
  void beforeTheFirstStatusTheAddressIsTheInClusterOne() throws Exception {
    client.resource(cache("team", "fresh")).create();

    try (CacheDirectory directory = synced()) {
      assertThat(directory.lookup("team", "fresh"))
          .isEqualTo(
              new CacheLookup.Deployed(
                  "fresh-0.fresh.team.svc.cluster.local:5000", "fresh", Optional.empty(), false));
    }
  }

  @Test
  void deployFalseIsRemoteWithTheCachesDefaultCredentials() throws Exception {
    OrasCache cache = cache("team", "remote");
    cache.getSpec().setDeploy(false);
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setOrasEnv("team-creds");
    cache.getSpec().setSecrets(secrets);
    client.resource(cache).create();

    try (CacheDirectory directory = synced()) {
      assertThat(directory.lookup("team", "remote"))
          .isEqualTo(new CacheLookup.RemoteOnly(Optional.of("team-creds")));
    }
  }

  @Test
  void aCacheInAnotherNamespaceIsNotFound() throws Exception {
    client.resource(cache("other", "artifacts")).create();

    try (CacheDirectory directory = synced()) {
      assertThat(directory.lookup("team", "artifacts")).isEqualTo(new CacheLookup.NotFound());
    }
  }

  @Test
  void lookupsCostNoRequestToTheApiServer() throws Exception {
    client.resource(cache("team", "artifacts")).create();
    try (CacheDirectory directory = synced()) {
      int before = server.getRequestCount();
      for (int i = 0; i < 100; i++) {
        assertThat(directory.lookup("team", "artifacts")).isInstanceOf(CacheLookup.Deployed.class);
      }
      assertThat(server.getRequestCount()).isEqualTo(before);
      // So the webhook may look up on its event loop.
      assertThat(directory.answersFromMemory()).isTrue();
    }
  }

  @Test
  void aCacheCreatedLaterIsSeenThroughTheWatch() throws Exception {
    try (CacheDirectory directory = synced()) {
      assertThat(directory.lookup("team", "late")).isEqualTo(new CacheLookup.NotFound());
      client.resource(cache("team", "late")).create();
      await(() -> directory.lookup("team", "late") instanceof CacheLookup.Deployed);
    }
  }

  private CacheDirectory synced() throws InterruptedException {
    CacheDirectory directory = CacheDirectory.watch(client);
    await(directory::ready);
    return directory;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static OrasCache cache(String namespace, String name) {
    OrasCache cache = new OrasCache();
    cache.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    cache.setSpec(new OrasCacheSpec());
    return cache;
  }
}

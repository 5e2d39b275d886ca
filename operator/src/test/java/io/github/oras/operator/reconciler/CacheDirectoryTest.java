package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.api.crd.OrasCacheStatus;
import io.github.oras.operator.webhook.engine.CacheLookup;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CacheDirectoryTest {
  KubernetesClient client;

  @Test
  void aDeployedCacheAnswersWithTheAddressFromItsStatus() {
    OrasCache cache = TestCaches.cache("team", "artifacts");
    OrasCacheStatus status =
        CacheStatusCalculator.deployed(cache, List.of(), Optional.empty(), Instant.EPOCH);
    status.setRegistry("registry.team.example:5000");
    cache.setStatus(status);
    client.resource(cache).create();

    assertThat(new CacheDirectory(client).lookup("team", "artifacts"))
        .isEqualTo(
            new CacheLookup.Deployed(
                "registry.team.example:5000", "artifacts", Optional.empty(), false));
  }

  @Test
  void beforeTheFirstStatusTheAddressIsTheInClusterOne() {
    client.resource(TestCaches.cache("team", "fresh")).create();

    assertThat(new CacheDirectory(client).lookup("team", "fresh"))
        .isEqualTo(
            new CacheLookup.Deployed(
                "fresh-0.fresh.team.svc.cluster.local:5000", "fresh", Optional.empty(), false));
  }

  @Test
  void deployFalseIsRemoteWithTheCachesDefaultCredentials() {
    OrasCache cache = TestCaches.cache("team", "remote");
    cache.getSpec().setDeploy(false);
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setOrasEnv("team-creds");
    cache.getSpec().setSecrets(secrets);
    client.resource(cache).create();

    assertThat(new CacheDirectory(client).lookup("team", "remote"))
        .isEqualTo(new CacheLookup.RemoteOnly(Optional.of("team-creds")));
  }

  @Test
  void aCacheInAnotherNamespaceIsNotFound() {
    client.resource(TestCaches.cache("other", "artifacts")).create();

    assertThat(new CacheDirectory(client).lookup("team", "artifacts"))
        .isEqualTo(new CacheLookup.NotFound());
  }
}

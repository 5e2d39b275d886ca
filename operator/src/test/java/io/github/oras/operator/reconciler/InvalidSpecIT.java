package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Invalid specs become a Degraded condition and an Event, never an error loop. */
class InvalidSpecIT extends CacheOperatorIT {

  @AfterEach
  void noReconciliationFailed() {
    assertThat(failures.get()).as("failed reconciliations").isZero();
  }

  @Test
  void aBadImageReferenceIsReportedAndNothingIsDeployed() {
    OrasCache cache = TestCaches.cache(NS, "bad-image");
    cache.getSpec().setImage("docker.io/Library/Registry");
    create(cache);

    OrasCache degraded =
        awaitCondition("bad-image", CacheConditions.DEGRADED, "True", SpecProblem.INVALID_IMAGE);
    assertThat(condition(degraded, CacheConditions.DEGRADED).orElseThrow().getMessage())
        .contains("spec.image", "docker.io/Library/Registry");
    assertThat(condition(degraded, CacheConditions.READY).orElseThrow().getReason())
        .isEqualTo(CacheConditions.NOT_DEPLOYED);
    assertThat(statefulSet("bad-image")).isNull();
    assertThat(eventsFor("bad-image"))
        .extracting(Event::getReason)
        .containsExactly(SpecProblem.INVALID_IMAGE);
  }

  @Test
  void aStorageSizeThatDoesNotParseIsReported() {
    create(TestCaches.withStorage(TestCaches.cache(NS, "bad-size"), "ten gigs"));

    OrasCache degraded =
        awaitCondition(
            "bad-size", CacheConditions.DEGRADED, "True", SpecProblem.INVALID_STORAGE_SIZE);
    assertThat(condition(degraded, CacheConditions.DEGRADED).orElseThrow().getMessage())
        .contains("spec.storage.size", "ten gigs");
    assertThat(statefulSet("bad-size")).isNull();
    assertThat(eventsFor("bad-size")).extracting(Event::getType).containsExactly("Warning");
  }

  /**
   * The operator reads no Secret (its RBAC grants none): a cache naming Secrets that do not exist
   * yet is rolled out, and the kubelet starts the registry pod once they exist. Until the pod is
   * ready, the Ready condition names the Secrets and keys it waits for.
   */
  @Test
  void secretsAreLeftToTheKubeletAndNamedWhileThePodWaits() {
    OrasCache cache = TestCaches.withAuth(TestCaches.cache(NS, "locked"), "registry-users");
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp("upload-key");
    cache.getSpec().setSecrets(secrets);
    create(cache);

    OrasCache waiting =
        awaitCondition("locked", CacheConditions.READY, "False", CacheConditions.REGISTRY_STARTING);
    assertThat(condition(waiting, CacheConditions.READY).orElseThrow().getMessage())
        .contains(
            "Secret \"registry-users\" has the key htpasswd",
            "Secret \"upload-key\" has the key REGISTRY_HTTP_SECRET",
            "kubectl -n team describe pod locked-0");
    assertThat(condition(waiting, CacheConditions.DEGRADED).orElseThrow().getStatus())
        .isEqualTo("False");
    StatefulSet set = awaitStatefulSet("locked");
    assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar("REGISTRY_AUTH", "htpasswd", null));
  }

  @Test
  void anInvalidSecretNameIsReported() {
    create(TestCaches.withAuth(TestCaches.cache(NS, "typo"), "Registry_Users"));

    OrasCache degraded =
        awaitCondition("typo", CacheConditions.DEGRADED, "True", SpecProblem.INVALID_SECRET_NAME);
    assertThat(condition(degraded, CacheConditions.DEGRADED).orElseThrow().getMessage())
        .contains("spec.auth.htpasswdSecret", "\"Registry_Users\"", "registry-users");
    assertThat(statefulSet("typo")).isNull();
  }

  @Test
  void anInvalidChangeLeavesTheRunningRegistryAlone() {
    create(TestCaches.cache(NS, "artifacts"));
    awaitStatefulSet("artifacts");

    edit("artifacts", c -> c.getSpec().setImage("not a reference"));

    awaitCondition("artifacts", CacheConditions.DEGRADED, "True", SpecProblem.INVALID_IMAGE);
    assertThat(
            statefulSet("artifacts")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo(OrasCacheSpec.DEFAULT_IMAGE);
  }

  private List<Event> eventsFor(String cache) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> cache.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}

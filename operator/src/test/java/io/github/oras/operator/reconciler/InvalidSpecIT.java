package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
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

  @Test
  void aMissingAuthSecretIsReportedUntilItIsCreated() {
    create(TestCaches.withAuth(TestCaches.cache(NS, "locked"), "registry-users"));
    OrasCache degraded =
        awaitCondition("locked", CacheConditions.DEGRADED, "True", SpecProblem.AUTH_SECRET_MISSING);
    assertThat(condition(degraded, CacheConditions.DEGRADED).orElseThrow().getMessage())
        .contains("registry-users", "htpasswd");
    assertThat(statefulSet("locked")).isNull();

    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("registry-users")
                .endMetadata()
                .addToStringData("htpasswd", "user:$2y$05$abcdefghijklmnopqrstuv")
                .build())
        .create();

    awaitCondition("locked", CacheConditions.DEGRADED, "False", CacheConditions.SPEC_VALID);
    StatefulSet set = awaitStatefulSet("locked");
    assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar("REGISTRY_AUTH", "htpasswd", null));
    assertThat(eventsFor("locked"))
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder(SpecProblem.AUTH_SECRET_MISSING, CacheConditions.SPEC_VALID);
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

package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheStatusCalculatorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

  @Test
  void anUnchangedCacheGetsTheSameStatus() {
    OrasCache cache = cache(3L);
    cache.setStatus(CacheStatusCalculator.deployed(cache, List.of(), Optional.of(starting()), T0));

    OrasCacheStatus again =
        CacheStatusCalculator.deployed(cache, List.of(), Optional.of(starting()), T1);

    assertThat(CacheStatusCalculator.same(cache.getStatus(), again)).isTrue();
    assertThat(again.getObservedGeneration()).isEqualTo(3L);
    assertThat(again.getRegistry()).isEqualTo("artifacts-0.artifacts.team.svc.cluster.local:5000");
  }

  @Test
  void aConditionKeepsItsTransitionTimeUntilItsStatusChanges() {
    OrasCache cache = cache(1L);
    cache.setStatus(CacheStatusCalculator.deployed(cache, List.of(), Optional.of(starting()), T0));

    OrasCacheStatus ready =
        CacheStatusCalculator.deployed(cache, List.of(), Optional.of(ready()), T1);

    assertThat(find(ready, CacheConditions.READY).getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(find(ready, CacheConditions.DEGRADED).getLastTransitionTime())
        .isEqualTo(T0.toString());
  }

  @Test
  void problemsMakeItDegradedWithTheFirstReasonAndEveryMessage() {
    OrasCache cache = cache(2L);
    List<SpecProblem> problems =
        List.of(
            new SpecProblem(SpecProblem.INVALID_IMAGE, "image is wrong"),
            new SpecProblem(SpecProblem.INVALID_STORAGE_SIZE, "size is wrong"));

    OrasCacheStatus status = CacheStatusCalculator.deployed(cache, problems, Optional.empty(), T0);

    Condition degraded = find(status, CacheConditions.DEGRADED);
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo(SpecProblem.INVALID_IMAGE);
    assertThat(degraded.getMessage()).contains("image is wrong", "size is wrong");
    assertThat(find(status, CacheConditions.READY).getReason())
        .isEqualTo(CacheConditions.NOT_DEPLOYED);
  }

  @Test
  void aStartingPodWithSecretsNamesThemAndWhereToLook() {
    OrasCache cache = TestCaches.withAuth(cache(1L), "users");

    Condition ready =
        find(
            CacheStatusCalculator.deployed(cache, List.of(), Optional.of(starting()), T0),
            CacheConditions.READY);

    assertThat(ready.getReason()).isEqualTo(CacheConditions.REGISTRY_STARTING);
    assertThat(ready.getMessage())
        .isEqualTo(
            "waiting for pod artifacts-0 to become ready; it starts only once Secret \"users\""
                + " has the key htpasswd in namespace team (kubectl -n team describe pod"
                + " artifacts-0 shows what it waits for)");
    assertThat(
            find(
                    CacheStatusCalculator.deployed(
                        cache(1L), List.of(), Optional.of(starting()), T0),
                    CacheConditions.READY)
                .getMessage())
        .isEqualTo("waiting for pod artifacts-0 to become ready");
  }

  @Test
  void aFailureKeepsTheAddressAndReportsTheError() {
    OrasCache cache = cache(1L);
    cache.setStatus(CacheStatusCalculator.deployed(cache, List.of(), Optional.of(ready()), T0));

    OrasCacheStatus failed = CacheStatusCalculator.failed(cache, "forbidden: statefulsets", T1);

    assertThat(failed.getRegistry()).isEqualTo(cache.getStatus().getRegistry());
    assertThat(find(failed, CacheConditions.READY).getStatus()).isEqualTo("True");
    assertThat(find(failed, CacheConditions.DEGRADED).getReason())
        .isEqualTo(CacheConditions.RECONCILE_ERROR);
    assertThat(find(failed, CacheConditions.DEGRADED).getMessage())
        .isEqualTo("forbidden: statefulsets");
  }

  private static OrasCache cache(long generation) {
    OrasCache cache = TestCaches.cache("team", "artifacts");
    cache.getMetadata().setGeneration(generation);
    return cache;
  }

  private static StatefulSet starting() {
    return new StatefulSetBuilder()
        .withNewStatus()
        .withReplicas(1)
        .withReadyReplicas(0)
        .endStatus()
        .build();
  }

  private static StatefulSet ready() {
    return new StatefulSetBuilder()
        .withNewStatus()
        .withReplicas(1)
        .withReadyReplicas(1)
        .endStatus()
        .build();
  }

  private static Condition find(OrasCacheStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}

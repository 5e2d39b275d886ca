package io.github.oras.operator.reconciler;

import static io.github.oras.operator.reconciler.CacheConditions.*;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStatus;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSetShape;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes the status a cache should have from what was observed. Pure: the same inputs give the
 * same status, and a condition keeps its lastTransitionTime while its status does not change, so an
 * unchanged cache yields an equal status and the reconciler writes nothing.
 */
public final class CacheStatusCalculator {
  private CacheStatusCalculator() {}

  /** A cache with spec.deploy=false: nothing runs here, workloads name a remote registry. */
  public static OrasCacheStatus remote(OrasCache cache, Instant now) {
    String message =
        "spec.deploy is false: no registry runs in namespace "
            + cache.getMetadata().getNamespace()
            + "; workloads must name a remote registry with the "
            + Annotations.qualified(Annotations.REGISTRY)
            + " annotation";
    return status(
        cache,
        null,
        condition(cache, READY, TRUE, REMOTE_REGISTRY, message, now),
        condition(cache, DEGRADED, FALSE, SPEC_VALID, "the spec is valid", now));
  }

  /** A deployed cache, given its spec problems and the StatefulSet as last observed. */
  public static OrasCacheStatus deployed(
      OrasCache cache, List<SpecProblem> problems, Optional<StatefulSet> statefulSet, Instant now) {
    String address =
        OrasCache.inClusterAddress(
            cache.getMetadata().getName(), cache.getMetadata().getNamespace());
    return status(
        cache, address, ready(cache, problems, statefulSet, now), degraded(cache, problems, now));
  }

  /** The previous status with Degraded set for an error the reconciliation could not handle. */
  public static OrasCacheStatus failed(OrasCache cache, String message, Instant now) {
    OrasCacheStatus previous =
        Optional.ofNullable(cache.getStatus()).orElseGet(OrasCacheStatus::new);
    Condition ready =
        find(cache, READY)
            .orElseGet(() -> condition(cache, READY, FALSE, RECONCILE_ERROR, message, now));
    return status(
        cache,
        previous.getRegistry(),
        ready,
        condition(cache, DEGRADED, TRUE, RECONCILE_ERROR, message, now));
  }

  private static Condition ready(
      OrasCache cache, List<SpecProblem> problems, Optional<StatefulSet> statefulSet, Instant now) {
    String pod = cache.getMetadata().getName() + "-0";
    if (statefulSet.isEmpty()) {
      String why =
          problems.isEmpty()
              ? "the registry StatefulSet is being created"
              : "the registry is not deployed because the spec is invalid (see Degraded)";
      return condition(cache, READY, FALSE, NOT_DEPLOYED, why, now);
    }
    Integer readyReplicas =
        statefulSet.get().getStatus() == null
            ? null
            : statefulSet.get().getStatus().getReadyReplicas();
    if (readyReplicas != null && readyReplicas > 0) {
      return condition(
          cache, READY, TRUE, REGISTRY_READY, "pod " + pod + " serves the registry", now);
    }
    return condition(
        cache,
        READY,
        FALSE,
        REGISTRY_STARTING,
        "waiting for pod " + pod + " to become ready" + secretsHint(cache, pod),
        now);
  }

  /**
   * The operator does not read Secrets, so it cannot tell a missing Secret from a slow start; the
   * kubelet starts the pod once the Secrets exist. The message names them and where to look.
   */
  private static String secretsHint(OrasCache cache, String pod) {
    OrasCacheSpec spec = SpecCheck.specOf(cache);
    List<String> needed = new ArrayList<>();
    if (spec.getAuth() != null) {
      needed.add(secret(spec.getAuth().getHtpasswdSecret(), RegistryStatefulSetShape.HTPASSWD_KEY));
    }
    if (spec.getSecrets() != null && spec.getSecrets().getRegistryHttp() != null) {
      needed.add(secret(spec.getSecrets().getRegistryHttp(), RegistryStatefulSetShape.HTTP_SECRET));
    }
    if (needed.isEmpty()) {
      return "";
    }
    String namespace = cache.getMetadata().getNamespace();
    return "; it starts only once "
        + String.join(" and ", needed)
        + " in namespace "
        + namespace
        + " (kubectl -n "
        + namespace
        + " describe pod "
        + pod
        + " shows what it waits for)";
  }

  private static String secret(String name, String key) {
    return "Secret \"" + name + "\" has the key " + key;
  }

  private static Condition degraded(OrasCache cache, List<SpecProblem> problems, Instant now) {
    if (problems.isEmpty()) {
      return condition(cache, DEGRADED, FALSE, SPEC_VALID, "the spec is valid", now);
    }
    String message =
        problems.stream().map(SpecProblem::message).collect(Collectors.joining("; "))
            + "; the running registry, if any, is left unchanged";
    return condition(cache, DEGRADED, TRUE, problems.get(0).reason(), message, now);
  }

  private static OrasCacheStatus status(
      OrasCache cache, String registry, Condition ready, Condition degraded) {
    OrasCacheStatus status = new OrasCacheStatus();
    status.setRegistry(registry);
    status.setObservedGeneration(cache.getMetadata().getGeneration());
    status.setConditions(List.of(ready, degraded));
    return status;
  }

  /** A condition whose lastTransitionTime is kept from the previous one with the same status. */
  private static Condition condition(
      OrasCache cache, String type, String status, String reason, String message, Instant now) {
    String since =
        find(cache, type)
            .filter(previous -> status.equals(previous.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(cache.getMetadata().getGeneration())
        .withLastTransitionTime(since)
        .build();
  }

  /** Whether two statuses say the same thing (OrasCacheStatus has no equals of its own). */
  public static boolean same(OrasCacheStatus a, OrasCacheStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getRegistry(), b.getRegistry())
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(a.getConditions(), b.getConditions());
  }

  private static Optional<Condition> find(OrasCache cache, String type) {
    if (cache.getStatus() == null || cache.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return cache.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }
}

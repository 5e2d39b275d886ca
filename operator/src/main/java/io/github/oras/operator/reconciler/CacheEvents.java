package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a Kubernetes Event when a cache's Degraded condition changes, so {@code kubectl describe
 * orascache} shows why. Only changes are recorded: a cache that stays degraded does not add an
 * Event on every reconciliation.
 */
public final class CacheEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CacheEvents.class);
  private static final String COMPONENT = "oras-operator";

  private final KubernetesClient client;
  private final Map<String, String> recorded;

  /**
   * @param recorded the Degraded condition last recorded per cache uid, shared across
   *     reconciliations so that a stale "before" status does not record the same change twice
   */
  public CacheEvents(KubernetesClient client, Map<String, String> recorded) {
    this.client = client;
    this.recorded = recorded;
  }

  /** Records the change of Degraded between the two statuses, if there is one. */
  public void degradedChanged(OrasCache cache, OrasCacheStatus before, OrasCacheStatus after) {
    Optional<Condition> was = degraded(before);
    Optional<Condition> now = degraded(after);
    if (now.isEmpty()) {
      return;
    }
    String meaning =
        now.get().getStatus() + "|" + now.get().getReason() + "|" + now.get().getMessage();
    String previouslyRecorded = recorded.put(cache.getMetadata().getUid(), meaning);
    if (sameMeaning(was, now.get()) || meaning.equals(previouslyRecorded)) {
      return;
    }
    boolean isDegraded = CacheConditions.TRUE.equals(now.get().getStatus());
    if (!isDegraded && was.isEmpty()) {
      return; // a healthy new cache: nothing worth an Event
    }
    record(cache, isDegraded ? "Warning" : "Normal", now.get().getReason(), now.get().getMessage());
  }

  private void record(OrasCache cache, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(cache.getMetadata().getName() + ".")
            .withNamespace(cache.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(cache.getApiVersion())
                    .withKind(cache.getKind())
                    .withName(cache.getMetadata().getName())
                    .withNamespace(cache.getMetadata().getNamespace())
                    .withUid(cache.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(cache.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy: the status already carries the condition, so do not fail for it.
      LOG.warn(
          "Could not record event {} for OrasCache {}: {}",
          reason,
          cache.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static boolean sameMeaning(Optional<Condition> was, Condition now) {
    return was.isPresent()
        && Objects.equals(was.get().getStatus(), now.getStatus())
        && Objects.equals(was.get().getReason(), now.getReason())
        && Objects.equals(was.get().getMessage(), now.getMessage());
  }

  private static Optional<Condition> degraded(OrasCacheStatus status) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> CacheConditions.DEGRADED.equals(c.getType()))
        .findFirst();
  }
}

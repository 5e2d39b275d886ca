package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheStatus;
import io.github.oras.operator.reconciler.dependent.DeployEnabledCondition;
import io.github.oras.operator.reconciler.dependent.NetworkPolicyEnabledCondition;
import io.github.oras.operator.reconciler.dependent.RegistryNetworkPolicy;
import io.github.oras.operator.reconciler.dependent.RegistryService;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles an OrasCache. The workflow creates, updates or deletes the registry's StatefulSet,
 * Service and NetworkPolicy (see the dependents); this class only writes the status, and only when
 * it changed.
 */
@ControllerConfiguration(name = OrasCacheReconciler.NAME)
@Workflow(
    dependents = {
      @Dependent(
          name = "statefulset",
          type = RegistryStatefulSet.class,
          reconcilePrecondition = DeployEnabledCondition.class),
      @Dependent(
          name = "service",
          type = RegistryService.class,
          reconcilePrecondition = DeployEnabledCondition.class),
      @Dependent(
          name = "networkpolicy",
          type = RegistryNetworkPolicy.class,
          reconcilePrecondition = NetworkPolicyEnabledCondition.class)
    })
public class OrasCacheReconciler implements Reconciler<OrasCache> {
  public static final String NAME = "orascache";

  private final Clock clock;

  /**
   * The Degraded condition last recorded as an Event, by cache uid: right after our own status
   * patch the informer may still hand us the old status, which would record the same change twice.
   */
  private final Map<String, String> recordedDegraded = new ConcurrentHashMap<>();

  public OrasCacheReconciler() {
    this(Clock.systemUTC());
  }

  public OrasCacheReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<OrasCache> reconcile(OrasCache cache, Context<OrasCache> context) {
    List<SpecProblem> problems =
        DeployEnabledCondition.deploys(cache) ? SpecProblems.of(cache, context) : List.of();
    OrasCacheStatus next =
        DeployEnabledCondition.deploys(cache)
            ? CacheStatusCalculator.deployed(
                cache, problems, context.getSecondaryResource(StatefulSet.class), clock.instant())
            : CacheStatusCalculator.remote(cache, clock.instant());
    return write(cache, next, context);
  }

  /**
   * An error the workflow could not handle (e.g. the API server refused an update) becomes a
   * Degraded condition; the SDK retries with backoff.
   */
  @Override
  public ErrorStatusUpdateControl<OrasCache> updateErrorStatus(
      OrasCache cache, Context<OrasCache> context, Exception e) {
    OrasCacheStatus next = CacheStatusCalculator.failed(cache, rootMessage(e), clock.instant());
    if (CacheStatusCalculator.same(cache.getStatus(), next)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    new CacheEvents(context.getClient(), recordedDegraded)
        .degradedChanged(cache, cache.getStatus(), next);
    cache.setStatus(next);
    return ErrorStatusUpdateControl.patchStatus(cache);
  }

  private UpdateControl<OrasCache> write(
      OrasCache cache, OrasCacheStatus next, Context<OrasCache> context) {
    if (CacheStatusCalculator.same(cache.getStatus(), next)) {
      return UpdateControl.noUpdate();
    }
    new CacheEvents(context.getClient(), recordedDegraded)
        .degradedChanged(cache, cache.getStatus(), next);
    cache.setStatus(next);
    return UpdateControl.patchStatus(cache);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}

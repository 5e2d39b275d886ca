package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.github.oras.operator.api.crd.OrasCache;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the OrasCache reconciler: a plain object with {@link #start()} and {@link #stop()} so that
 * {@code serve} can run it beside the admission server in one process. The Kubernetes client
 * belongs to the caller and stays open after {@link #stop()}.
 */
public final class CacheOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheOperator.class);

  private final Operator operator;
  private volatile boolean stopping;

  public CacheOperator(KubernetesClient client, OperatorSettings settings) {
    this(client, settings, CacheOperator::exitOnLostLeadership, sdk -> {}, controller -> {});
  }

  /**
   * With extra SDK and controller settings on top of ours, e.g. for running against a test API
   * server without server-side apply.
   */
  CacheOperator(
      KubernetesClient client,
      OperatorSettings settings,
      Runnable onLostLeadership,
      Consumer<ConfigurationServiceOverrider> sdkTuning,
      Consumer<ControllerConfigurationOverrider<OrasCache>> controllerTuning) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(settings, "settings");
    this.operator =
        new Operator(
            sdk -> {
              sdk.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withReconciliationTerminationTimeout(settings.shutdownTimeout());
              settings
                  .leaderElection()
                  .ifPresent(
                      lease ->
                          sdk.withLeaderElectionConfiguration(
                              leaderElection(lease, onLostLeadership)));
              sdkTuning.accept(sdk);
            });
    operator.register(
        new OrasCacheReconciler(Clock.systemUTC()),
        controller -> {
          if (!settings.namespaces().isEmpty()) {
            controller.settingNamespaces(settings.namespaces());
          }
          controllerTuning.accept(controller);
        });
  }

  /**
   * The SDK can exit the JVM when leadership ends, but it also ends on our own {@link #stop()}, and
   * exiting there would run inside a shutdown hook and hang the JVM. So the SDK is told not to
   * exit, and a leadership lost while running (another replica may now reconcile) goes to {@code
   * onLostLeadership}.
   */
  private LeaderElectionConfiguration leaderElection(
      OperatorSettings.LeaderElection lease, Runnable onLostLeadership) {
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> LOG.info("Leading: reconciling OrasCaches"),
            () -> {
              if (!stopping) {
                onLostLeadership.run();
              }
            },
            leader -> LOG.info("Leader is {}", leader));
    return new LeaderElectionConfiguration(
        lease.leaseName(),
        lease.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        callbacks,
        false);
  }

  /** Two reconcilers must not run at once: a replica that lost the Lease restarts as a follower. */
  private static void exitOnLostLeadership() {
    LOG.error(
        "Lost the leader election Lease while running; exiting so the pod restarts as a follower");
    System.exit(1);
  }

  /** Starts the informers and, with leader election, competes for the Lease. Returns at once. */
  public void start() {
    operator.start();
  }

  /** Stops reconciling, waiting up to the shutdown timeout for running reconciliations. */
  public void stop() {
    stopping = true;
    operator.stop();
  }

  @Override
  public void close() {
    stop();
  }
}

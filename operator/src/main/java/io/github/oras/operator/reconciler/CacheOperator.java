package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.oras.operator.api.crd.OrasCache;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs the OrasCache reconciler: a plain object with {@link #start()} and {@link #stop()} so that
 * {@code serve} can run it beside the admission server in one process. The Kubernetes client
 * belongs to the caller and stays open after {@link #stop()}.
 */
public final class CacheOperator implements AutoCloseable {
  private final Operator operator;

  public CacheOperator(KubernetesClient client, OperatorSettings settings) {
    this(client, settings, sdk -> {}, controller -> {});
  }

  /**
   * With extra SDK and controller settings on top of ours, e.g. for running against a test API
   * server without server-side apply.
   */
  CacheOperator(
      KubernetesClient client,
      OperatorSettings settings,
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
                              new LeaderElectionConfiguration(lease.leaseName(), lease.leaseNamespace())));
              sdkTuning.accept(sdk);
            });
    operator.register(
        new OrasCacheReconciler(Clock.systemUTC(), settings.secretRecheck()),
        controller -> {
          if (!settings.namespaces().isEmpty()) {
            controller.settingNamespaces(settings.namespaces());
          }
          controllerTuning.accept(controller);
        });
  }

  /** Starts the informers and, with leader election, competes for the Lease. Returns at once. */
  public void start() {
    operator.start();
  }

  /** Stops reconciling, waiting up to the shutdown timeout for running reconciliations. */
  public void stop() {
    operator.stop();
  }

  @Override
  public void close() {
    stop();
  }
}

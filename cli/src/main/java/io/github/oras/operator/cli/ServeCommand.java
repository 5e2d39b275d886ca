package io.github.oras.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.oras.operator.engine.ConfigurationException;
import io.github.oras.operator.reconciler.CacheOperator;
import io.github.oras.operator.reconciler.OperatorSettings;
import io.github.oras.operator.webhook.server.WebhookServer;
import io.github.oras.operator.webhook.server.WebhookServerConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oras-operator serve}: the OrasCache reconciler and the admission webhook in one process,
 * as the Deployment in deploy/ runs it. The webhook serves on every replica (it only reads caches);
 * the reconciler runs on the replica that holds the leader election Lease.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the OrasCache reconciler and the admission webhook until interrupted.")
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(
      names = "--port",
      defaultValue = "8443",
      description = "HTTPS port of the webhook (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--tls-cert",
      required = true,
      description = "PEM certificate chain; reloaded when the file changes.")
  Path certFile;

  @Option(
      names = "--tls-key",
      required = true,
      description = "PEM private key; reloaded when the file changes.")
  Path keyFile;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      description =
          "Compete for a Lease so that one replica reconciles (default: ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "oras-operator-leader",
      description = "Lease name (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      description = "Lease namespace (default: the pod's namespace).")
  String leaseNamespace;

  @Option(
      names = "--watch-namespaces",
      split = ",",
      description = "Namespaces whose OrasCaches are reconciled (default: all).")
  List<String> namespaces = List.of();

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Runnable shutdown = () -> {};

  @Override
  public Integer call() throws InterruptedException {
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        CacheDirectory caches = CacheDirectory.watch(client)) {
      OperatorSettings settings =
          OperatorSettings.defaults().withNamespaces(new HashSet<>(namespaces));
      if (leaderElection) {
        String namespace =
            Optional.ofNullable(leaseNamespace)
                .or(() -> Optional.ofNullable(client.getNamespace()))
                .orElse("default");
        settings = settings.withLeaderElection(leaseName, namespace);
      }
      WebhookServer server =
          new WebhookServer(
              WebhookServerConfig.of("0.0.0.0", port, certFile, keyFile, engine.config())
                  .withCaches(caches),
              engine.catalog());
      CacheOperator operator = new CacheOperator(client, settings);
      try {
        server.start();
        operator.start();
      } catch (ConfigurationException | WebhookServer.StartException e) {
        spec.commandLine().getErr().println("oras-operator serve: " + e.getMessage());
        server.stop();
        return ExitCodes.FAILURE;
      }
      shutdown =
          () -> {
            // Stop admitting first, then let running reconciliations finish.
            server.stop();
            operator.stop();
          };
      Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "serve-shutdown"));
      stopped.await();
      return ExitCodes.OK;
    }
  }

  /** Stops both parts and lets {@link #call()} return (the shutdown hook, and tests, call it). */
  public void stop() {
    if (stopped.getCount() > 0) {
      shutdown.run();
      stopped.countDown();
    }
  }
}

package io.github.oras.operator.cli;

import io.github.oras.operator.engine.ConfigurationException;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import io.github.oras.operator.webhook.server.SelfSignedCertificates;
import io.github.oras.operator.webhook.server.ServerLimits;
import io.github.oras.operator.webhook.server.WebhookServer;
import io.github.oras.operator.webhook.server.WebhookServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oras-operator webhook}: runs the HTTPS admission webhook alone (without the reconciler).
 */
@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = "Run the mutating admission webhook over HTTPS (TLS 1.2/1.3) until interrupted.")
public final class WebhookCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8443",
      description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--tls-cert",
      description = "PEM certificate chain; reloaded when the file changes.")
  Path certFile;

  @Option(names = "--tls-key", description = "PEM private key; reloaded when the file changes.")
  Path keyFile;

  @Option(
      names = "--self-signed",
      paramLabel = "DIR",
      description =
          "Generate a CA and a serving certificate into DIR (ca.crt, tls.crt, tls.key), print the CA bundle and serve with it.")
  Path selfSignedDir;

  @Option(
      names = "--dns-name",
      split = ",",
      description =
          "Extra DNS names for --self-signed (e.g. oras-operator-webhook.oras-operator.svc).")
  List<String> dnsNames = List.of();

  /**
   * --config, --policies (alias --levels), --service-merge, --sidecar-image, --plugin-dir: as
   * inject and serve.
   */
  @Mixin EngineOptions engine;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "" + ServerLimits.DEFAULT_MAX_BODY_BYTES,
      description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile WebhookServer server;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (selfSignedDir != null && (certFile != null || keyFile != null)) {
      return usageError("use either --self-signed or --tls-cert/--tls-key, not both");
    }
    if (selfSignedDir == null && (certFile == null || keyFile == null)) {
      return usageError("give --tls-cert and --tls-key, or --self-signed DIR");
    }
    try {
      // Configuration and plugins first, so that a bad one leaves no certificates behind.
      InjectorConfig injector = engine.config();
      PolicyCatalog catalog = engine.catalog();
      if (selfSignedDir != null) {
        var generated =
            SelfSignedCertificates.generate(selfSignedDir, dnsNames, Duration.ofDays(365));
        certFile = generated.certFile();
        keyFile = generated.keyFile();
        spec.commandLine().getOut().print(generated.caPem());
        spec.commandLine().getOut().flush();
      }
      WebhookServerConfig serverConfig =
          WebhookServerConfig.of(host, port, certFile, keyFile, injector)
              .withLimits(ServerLimits.defaults().withMaxBodyBytes(maxBodyBytes));
      server = new WebhookServer(serverConfig, catalog);
      server.start();
    } catch (ConfigurationException | WebhookServer.StartException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("oras-operator webhook: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(this::stop, "webhook-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }

  /** The port listened on, once started (tests use port 0). */
  public int port() {
    WebhookServer running = server;
    return running == null ? -1 : running.port();
  }

  /** True once the server listens with its certificates and policies loaded (tests poll it). */
  public boolean ready() {
    WebhookServer running = server;
    return running != null && running.ready();
  }

  /** Stops the server and lets {@link #call()} return. */
  public void stop() {
    WebhookServer running = server;
    if (running != null) {
      running.stop();
    }
    stopped.countDown();
  }

  private int usageError(String message) {
    spec.commandLine().getErr().println("oras-operator webhook: " + message);
    return 2;
  }
}

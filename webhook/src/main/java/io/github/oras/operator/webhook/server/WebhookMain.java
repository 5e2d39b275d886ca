package io.github.oras.operator.webhook.server;

import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A bare entry point for running the server from a class path (benchmarks, local runs) without the
 * command-line module:
 *
 * <pre>
 * WebhookMain serve HOST PORT CERT KEY [CONFIG]   # runs until killed
 * WebhookMain self-signed DIR                    # writes ca.crt, tls.crt, tls.key; prints the CA
 * </pre>
 *
 * The {@code oras-operator webhook} command is the user-facing way to do the same.
 */
public final class WebhookMain {
  private WebhookMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("self-signed")) {
      System.out.print(
          SelfSignedCertificates.generate(Path.of(args[1]), List.of(), Duration.ofDays(30))
              .caPem());
      return;
    }
    if (args.length < 5 || !args[0].equals("serve")) {
      System.err.println(
          "usage: WebhookMain serve HOST PORT CERT KEY [CONFIG] | WebhookMain self-signed DIR");
      System.exit(2);
    }
    InjectorConfig injector =
        args.length > 5 ? InjectorConfig.load(Path.of(args[5])) : InjectorConfig.defaults();
    WebhookServerConfig config =
        WebhookServerConfig.of(
            args[1], Integer.parseInt(args[2]), Path.of(args[3]), Path.of(args[4]), injector);
    WebhookServer server =
        new WebhookServer(config, PolicyCatalog.discover(WebhookMain.class.getClassLoader()));
    try {
      server.start();
    } catch (WebhookServer.StartException e) {
      System.err.println("webhook: " + e.getMessage());
      System.exit(1);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                }));
    stopped.await();
  }
}

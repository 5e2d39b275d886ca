package io.github.oras.operator.webhook.server;

import io.github.oras.operator.engine.ConfigurationException;
import io.github.oras.operator.engine.MutationEngine;
import io.github.oras.operator.engine.PolicyCatalog;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS admission webhook: Vert.x, TLS 1.2/1.3 only (by BoringSSL where it loads, see {@link
 * ServerTls}), certificates reloaded when their files change (connections already open keep the
 * certificate they were opened with, so no request in flight is dropped). The certificate is
 * swapped in a key manager rather than with Vert.x's updateSSLOptions, which in 4.5 fails
 * connections that arrive while the update is under way. Embeddable: the operator's {@code serve}
 * and the local runner call {@link #start()} and {@link #stop()}.
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
  private static final long START_TIMEOUT_SECONDS = 30;

  /** How long {@link #stop()} lets admission requests already read finish. */
  static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(10);

  private final WebhookServerConfig config;
  private final PolicyCatalog catalog;
  private final WebhookMetrics metrics = new WebhookMetrics();
  private final ServerTls tls = ServerTls.choose();
  private volatile boolean ready;
  private Vertx vertx;
  private CertificateReloader reloader;
  private ReloadingKeyManager keyManager;
  private long certificateTimer = -1;
  private int port;
  private RequestRouter router;

  public WebhookServer(WebhookServerConfig config, PolicyCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  /** Signals that the server cannot start; the message says what to fix. */
  public static final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Loads policies and certificates, then listens; returns once connections are accepted. */
  public synchronized void start() {
    if (vertx != null) {
      throw new IllegalStateException("the server is already started");
    }
    MutationEngine engine;
    ServingCertificate certificate;
    try {
      engine = MutationEngine.create(config.injector(), catalog, config.caches());
      certificate = ServingCertificate.load(config.certFile(), config.keyFile());
    } catch (ConfigurationException | ServingCertificate.InvalidCertificateException e) {
      throw new StartException(e.getMessage(), e);
    }
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
    AdmissionReviewCodec codec = new AdmissionReviewCodec(config.limits().maxNestingDepth());
    IdleConnections idle = new IdleConnections(vertx, config.limits().idleTimeout().toMillis());
    router =
        new RequestRouter(
            vertx,
            config.limits(),
            codec,
            new AdmissionHandler(engine, codec),
            metrics,
            idle,
            () -> ready && config.caches().ready(),
            config.caches().answersFromMemory());
    keyManager = new ReloadingKeyManager(certificate);
    try {
      listen(router, idle);
    } catch (RuntimeException e) {
      stop();
      throw new StartException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    reloader = new CertificateReloader(config.certFile(), config.keyFile(), certificate);
    certificateTimer =
        vertx.setPeriodic(
            config.certCheckInterval().toMillis(),
            ignored ->
                vertx.executeBlocking(
                    () -> {
                      reloader.check(this::install);
                      return null;
                    },
                    false));
    ready = true;
    LOG.info(
        "webhook listening on https://{}:{} with policies {}; {}",
        config.host(),
        port,
        engine.activePolicies().stream().map(p -> p.name()).toList(),
        tls.description());
  }

  /**
   * One server per event loop, sharing the port (Vert.x balances connections across them when each
   * is started by its own verticle instance).
   */
  private void listen(RequestRouter router, IdleConnections idle) {
    ConnectionLimit connections = new ConnectionLimit(config.limits().maxConnections());
    port = config.port() == 0 ? freePort() : config.port();
    HttpServerOptions options =
        tls.apply(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setKeyCertOptions(KeyCertOptions.wrap(keyManager))
                .setCompressionSupported(false));
    await(
        vertx.deployVerticle(
            () ->
                new AbstractVerticle() {
                  @Override
                  public void start(Promise<Void> started) {
                    HttpServer server =
                        vertx
                            .createHttpServer(options)
                            .connectionHandler(
                                connection -> {
                                  if (connections.admit(connection)) {
                                    metrics.tlsConnection(
                                        ServerTls.Engine.of(connection.sslSession()));
                                    idle.opened(connection, connections::closed);
                                  }
                                })
                            .requestHandler(router::handle);
                    server.listen().<Void>mapEmpty().onComplete(started);
                  }
                },
            new DeploymentOptions().setInstances(config.eventLoops())));
  }

  private int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(config.host()))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "no free port on " + config.host() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Serves {@code next} to new connections; open connections keep the certificate they started
   * with.
   */
  private void install(ServingCertificate next) {
    keyManager.install(next);
    reloader.served(next);
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return port;
  }

  /** True once certificates and policies are loaded and the port is open, until {@link #stop()}. */
  public boolean ready() {
    return ready && config.caches().ready();
  }

  /** The TLS engine that serves new connections. */
  ServerTls tls() {
    return tls;
  }

  public WebhookMetrics metrics() {
    return metrics;
  }

  /**
   * Reports not ready, lets admission requests already being answered finish (up to {@link
   * #DRAIN_TIMEOUT}), then releases the port and threads. Idempotent.
   */
  public synchronized void stop() {
    ready = false;
    if (vertx == null) {
      return;
    }
    drain();
    if (certificateTimer >= 0) {
      vertx.cancelTimer(certificateTimer);
    }
    awaitQuietly(vertx.close());
    vertx = null;
    LOG.info("webhook stopped");
  }

  @Override
  public void close() {
    stop();
  }

  private void drain() {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (router != null && router.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (router != null && router.inFlight() > 0) {
      LOG.warn("stopping with {} admission requests unanswered", router.inFlight());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + START_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void awaitQuietly(Future<?> future) {
    try {
      await(future);
    } catch (IllegalStateException e) {
      LOG.warn("while stopping: {}", e.getMessage());
    }
  }
}

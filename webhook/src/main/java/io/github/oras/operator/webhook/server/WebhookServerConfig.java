package io.github.oras.operator.webhook.server;

import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.engine.InjectorConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the admission server needs, validated once.
 *
 * @param host address to listen on ({@code 0.0.0.0} in a pod, {@code 127.0.0.1} locally)
 * @param port TLS port; 0 picks a free one (see {@link WebhookServer#port()})
 * @param certFile PEM certificate chain, serving certificate first
 * @param keyFile PEM private key (PKCS#1, PKCS#8 or SEC1)
 * @param injector which policies are active and how they mutate
 * @param caches where named OrasCaches are
 * @param limits what one client may send
 * @param certCheckInterval how often the certificate files are checked for a rotation
 * @param eventLoops number of event loops accepting connections (one per core is usual)
 */
public record WebhookServerConfig(
    String host,
    int port,
    Path certFile,
    Path keyFile,
    InjectorConfig injector,
    CacheResolver caches,
    ServerLimits limits,
    Duration certCheckInterval,
    int eventLoops) {

  public WebhookServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1, got " + eventLoops);
    }
  }

  /** A configuration with default limits, a 1 s certificate check and one event loop per core. */
  public static WebhookServerConfig of(
      String host, int port, Path certFile, Path keyFile, InjectorConfig injector) {
    return new WebhookServerConfig(
        host,
        port,
        certFile,
        keyFile,
        injector,
        CacheResolver.byConvention(),
        ServerLimits.defaults(),
        Duration.ofSeconds(1),
        Runtime.getRuntime().availableProcessors());
  }

  public WebhookServerConfig withLimits(ServerLimits newLimits) {
    return new WebhookServerConfig(
        host, port, certFile, keyFile, injector, caches, newLimits, certCheckInterval, eventLoops);
  }

  public WebhookServerConfig withCertCheckInterval(Duration interval) {
    return new WebhookServerConfig(
        host, port, certFile, keyFile, injector, caches, limits, interval, eventLoops);
  }

  public WebhookServerConfig withCaches(CacheResolver resolver) {
    return new WebhookServerConfig(
        host, port, certFile, keyFile, injector, resolver, limits, certCheckInterval, eventLoops);
  }
}

package io.github.oras.operator.cli.local;

import io.github.oras.operator.engine.CacheLookup;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import io.github.oras.operator.localregistry.LocalRegistry;
import io.github.oras.operator.webhook.server.SelfSignedCertificates;
import io.github.oras.operator.webhook.server.WebhookServer;
import io.github.oras.operator.webhook.server.WebhookServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the local runner stands in for a cluster with: a registry serving as every OrasCache, and
 * the real admission webhook over HTTPS with a freshly generated certificate.
 */
public final class LocalCluster implements AutoCloseable {
  private final Optional<LocalRegistry> ownRegistry;
  private final List<RegistryPod> registryPods;
  private final String registry;
  private final WebhookServer webhook;
  private final AdmissionClient admission;

  private LocalCluster(
      Optional<LocalRegistry> ownRegistry,
      List<RegistryPod> registryPods,
      String registry,
      WebhookServer webhook,
      AdmissionClient admission) {
    this.ownRegistry = ownRegistry;
    this.registryPods = List.copyOf(registryPods);
    this.registry = registry;
    this.webhook = webhook;
    this.admission = admission;
  }

  /**
   * Starts the webhook, and a registry unless {@code registry} names one.
   *
   * @param directory for the registry's storage and the certificates
   */
  public static LocalCluster start(
      Path directory, Optional<String> registry, InjectorConfig injector, PolicyCatalog catalog)
      throws IOException, InterruptedException {
    Optional<LocalRegistry> own =
        registry.isEmpty()
            ? Optional.of(LocalRegistry.start(directory.resolve("registry")))
            : Optional.empty();
    String address = registry.orElseGet(() -> own.get().address());
    try {
      // Every OrasCache the workloads name is this registry, ready.
      return withWebhook(
          directory,
          (namespace, name) -> new CacheLookup.Deployed(address, name, Optional.empty(), true),
          injector,
          catalog,
          own,
          List.of(),
          address);
    } catch (IOException | RuntimeException e) {
      if (own.isPresent()) {
        own.get().close();
      }
      throw e;
    }
  }

  /**
   * Starts the webhook with these registry pods as the only OrasCaches (each under its cache's
   * name, with its credentials Secret); a workload naming another cache finds none. Closing the
   * cluster stops them.
   */
  public static LocalCluster withRegistryPods(
      Path directory, List<RegistryPod> pods, InjectorConfig injector, PolicyCatalog catalog)
      throws IOException {
    return withWebhook(
        directory,
        (namespace, name) ->
            pods.stream()
                .filter(p -> p.cache().equals(name))
                .findFirst()
                .<CacheLookup>map(
                    p -> new CacheLookup.Deployed(p.address(), name, p.orasEnvSecret(), true))
                .orElseGet(CacheLookup.NotFound::new),
        injector,
        catalog,
        Optional.empty(),
        pods,
        pods.get(0).address());
  }

  private static LocalCluster withWebhook(
      Path directory,
      io.github.oras.operator.engine.CacheResolver caches,
      InjectorConfig injector,
      PolicyCatalog catalog,
      Optional<LocalRegistry> own,
      List<RegistryPod> pods,
      String address)
      throws IOException {
    SelfSignedCertificates.Generated tls =
        SelfSignedCertificates.generate(
            directory.resolve("tls"), List.of("localhost"), Duration.ofDays(1));
    WebhookServerConfig config =
        WebhookServerConfig.of("127.0.0.1", 0, tls.certFile(), tls.keyFile(), injector)
            .withCaches(caches);
    WebhookServer webhook = new WebhookServer(config, catalog);
    webhook.start();
    AdmissionClient client =
        new AdmissionClient(
            URI.create("https://localhost:" + webhook.port() + "/mutate"), tls.caFile());
    return new LocalCluster(own, pods, address, webhook, client);
  }

  /** The OrasCaches' registry pods, empty when one registry serves every cache. */
  public List<RegistryPod> registryPods() {
    return registryPods;
  }

  /** {@code host:port} of the registry (the first registry pod's, when there are several). */
  public String registry() {
    return registry;
  }

  public AdmissionClient admission() {
    return admission;
  }

  @Override
  public void close() throws InterruptedException {
    webhook.stop();
    for (RegistryPod pod : registryPods) {
      pod.close();
    }
    if (ownRegistry.isPresent()) {
      ownRegistry.get().close();
    }
  }
}

package io.github.oras.operator.sidecar;

import io.github.oras.operator.localregistry.LocalRegistry;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sidecar tests' registries: a {@link LocalRegistry} (Debian's docker-registry on a free
 * loopback port) with delete enabled, optionally TLS with this module's test certificates and
 * htpasswd authentication for {@link #USER}/{@link #PASSWORD}, and a {@link RegistryApi} to look
 * into it.
 */
final class TestRegistry implements AutoCloseable {
  static final String USER = "sidecar";
  static final String PASSWORD = "s3cret pass";

  private final LocalRegistry registry;
  private final Optional<TestCertificates> tls;

  private TestRegistry(LocalRegistry registry, Optional<TestCertificates> tls) {
    this.registry = registry;
    this.tls = tls;
  }

  /** Plain HTTP, no authentication. */
  static TestRegistry plain(Path dir) throws Exception {
    return configure(dir, Optional.empty()).start();
  }

  /** TLS with a fresh self-signed certificate and htpasswd authentication for USER/PASSWORD. */
  static TestRegistry tlsWithAuth(Path dir) throws Exception {
    return configure(dir, Optional.of(TestCertificates.selfSigned(dir.resolve("tls")))).start();
  }

  /** Plain HTTP with htpasswd authentication for USER/PASSWORD (as a cache with oras-env). */
  static TestRegistry plainWithAuth(Path dir) throws Exception {
    return new TestRegistry(
            LocalRegistry.in(dir).deleteEnabled().htpasswd(USER, PASSWORD).configure(),
            Optional.empty())
        .start();
  }

  /**
   * A registry with its own {@code auth:} section (e.g. {@code token:} with realm, service, issuer
   * and rootcertbundle), over TLS when {@code tls} is given.
   */
  static TestRegistry withAuthSection(Path dir, Optional<TestCertificates> tls, String section)
      throws Exception {
    LocalRegistry.Builder builder = LocalRegistry.in(dir).deleteEnabled().authSection(section);
    tls.ifPresent(t -> builder.tls(t.certificate(), t.key()));
    return new TestRegistry(builder.configure(), tls).start();
  }

  /**
   * A configured registry that is not started yet (for "registry down at start"); with {@code tls},
   * it also requires USER/PASSWORD.
   */
  static TestRegistry configure(Path dir, Optional<TestCertificates> tls) throws Exception {
    LocalRegistry.Builder builder = LocalRegistry.in(dir).deleteEnabled();
    tls.ifPresent(t -> builder.tls(t.certificate(), t.key()).htpasswd(USER, PASSWORD));
    return new TestRegistry(builder.configure(), tls);
  }

  String host() {
    return registry.address();
  }

  Path storage() {
    return registry.storage();
  }

  Optional<TestCertificates> certificates() {
    return tls;
  }

  RegistryApi api() {
    return new RegistryApi(host(), tls);
  }

  TestRegistry start() throws Exception {
    registry.start();
    return this;
  }

  /** SIGKILL, as when the registry's node dies. */
  void kill() throws InterruptedException {
    registry.kill();
  }

  @Override
  public void close() {
    registry.close();
  }
}

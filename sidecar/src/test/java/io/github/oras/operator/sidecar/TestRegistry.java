package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real CNCF distribution registry (Debian's docker-registry) on a free loopback port, with its
 * storage in a temporary directory; optionally TLS and htpasswd authentication.
 */
final class TestRegistry implements AutoCloseable {
  static final String BINARY = "/usr/bin/docker-registry";
  static final String USER = "sidecar";
  static final String PASSWORD = "s3cret pass";

  private final Path dir;
  private final int port;
  private final Optional<TestCertificates> tls;
  private final Optional<String> auth;
  private Process process;

  private TestRegistry(Path dir, int port, Optional<TestCertificates> tls, Optional<String> auth) {
    this.dir = dir;
    this.port = port;
    this.tls = tls;
    this.auth = auth;
  }

  /** Plain HTTP, no authentication. */
  static TestRegistry plain(Path dir) throws Exception {
    TestRegistry registry = configure(dir, Optional.empty());
    registry.start();
    return registry;
  }

  /** TLS with a fresh self-signed certificate and htpasswd authentication for USER/PASSWORD. */
  static TestRegistry tlsWithAuth(Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.selfSigned(dir.resolve("tls"));
    TestRegistry registry = configure(dir, Optional.of(certificates));
    registry.start();
    return registry;
  }

  /** Plain HTTP with htpasswd authentication for USER/PASSWORD (as a cache with oras-env). */
  static TestRegistry plainWithAuth(Path dir) throws Exception {
    TestRegistry registry = configure(dir, Optional.empty(), Optional.of(HTPASSWD));
    registry.start();
    return registry;
  }

  /**
   * A registry with its own {@code auth:} section (e.g. {@code token:} with realm, service, issuer
   * and rootcertbundle), over TLS when {@code tls} is given.
   */
  static TestRegistry withAuthSection(Path dir, Optional<TestCertificates> tls, String section)
      throws Exception {
    TestRegistry registry = configure(dir, tls, Optional.of(section));
    registry.start();
    return registry;
  }

  /** A configured registry that is not started yet (for "registry down at start"). */
  static TestRegistry configure(Path dir, Optional<TestCertificates> tls) throws Exception {
    return configure(dir, tls, tls.map(t -> HTPASSWD));
  }

  private static TestRegistry configure(
      Path dir, Optional<TestCertificates> tls, Optional<String> auth) throws Exception {
    Files.createDirectories(dir);
    TestRegistry registry = new TestRegistry(dir, freePort(), tls, auth);
    registry.writeConfig();
    return registry;
  }

  private static final String HTPASSWD = "htpasswd";

  String host() {
    return "127.0.0.1:" + port;
  }

  Path storage() {
    return dir.resolve("storage");
  }

  Optional<TestCertificates> certificates() {
    return tls;
  }

  RegistryApi api() {
    return new RegistryApi(host(), tls);
  }

  void start() throws Exception {
    process =
        new ProcessBuilder(BINARY, "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    awaitListening(Duration.ofSeconds(20));
  }

  /** SIGKILL, as when the registry's node dies. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private void awaitListening(Duration limit) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the registry exited: " + Files.readString(dir.resolve("registry.log")));
      }
      try (Socket probe = new Socket("127.0.0.1", port)) {
        if (probe.isConnected()) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(
        "the registry did not listen on " + host() + " within " + limit);
  }

  private void writeConfig() throws Exception {
    StringBuilder config = new StringBuilder();
    config
        .append("version: 0.1\n")
        .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(storage())
        .append('\n')
        .append("  delete:\n    enabled: true\n")
        .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
        .append("http:\n  addr: 127.0.0.1:")
        .append(port)
        .append('\n')
        .append("  secret: test-secret\n");
    if (tls.isPresent()) {
      config
          .append("  tls:\n    certificate: ")
          .append(tls.get().certificate())
          .append("\n    key: ")
          .append(tls.get().key())
          .append('\n');
    }
    if (auth.isPresent() && !auth.get().equals(HTPASSWD)) {
      config.append("auth:\n").append(auth.get());
    } else if (auth.isPresent()) {
      Path htpasswd = dir.resolve("htpasswd");
      Process p =
          new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD).redirectErrorStream(true).start();
      byte[] line = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("htpasswd failed: " + new String(line));
      }
      Files.write(htpasswd, line);
      config
          .append("auth:\n  htpasswd:\n    realm: test\n    path: ")
          .append(htpasswd)
          .append('\n');
    }
    Files.writeString(dir.resolve("config.yml"), config);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

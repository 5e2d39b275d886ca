package io.github.oras.operator.localregistry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on a free loopback port: plain
 * or TLS, optionally with htpasswd or token authentication or a configuration of its own, storing
 * under a directory that also holds its {@code config.yml} and {@code registry.log}. The port is
 * chosen when the registry is configured, so its address is known before it starts.
 */
public final class LocalRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Duration START_BOUND = Duration.ofSeconds(20);

  private final Path directory;
  private final int port;
  private final Map<String, String> environment;
  private Process process;

  private LocalRegistry(Path directory, int port, Map<String, String> environment) {
    this.directory = directory;
    this.port = port;
    this.environment = environment;
  }

  /** A plain-HTTP registry without authentication, started. */
  public static LocalRegistry start(Path directory) throws IOException {
    return in(directory).start();
  }

  /** Options for a registry whose files go under {@code directory}. */
  public static Builder in(Path directory) {
    return new Builder(directory);
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path directory() {
    return directory;
  }

  /** Where the blobs and manifests are. */
  public Path storage() {
    return directory.resolve("storage");
  }

  /** What the registry wrote to stdout and stderr so far. */
  public String log() throws IOException {
    Path log = directory.resolve("registry.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** Whether a TCP connection to the port succeeds (as kubelet's tcpSocket probe checks). */
  public boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts the process (again, after {@link #kill}) and waits until it accepts connections.
   *
   * @throws IOException with the registry's log when it exits or does not listen in time
   */
  public LocalRegistry start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the registry on " + address() + " is running already");
    }
    ProcessBuilder builder =
        new ProcessBuilder(BINARY.toString(), "serve", directory.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(directory.resolve("registry.log").toFile()));
    // Only what this registry is given: a REGISTRY_* variable of the caller's would override it.
    builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
    builder.environment().putAll(environment);
    builder.environment().put("REGISTRY_HTTP_ADDR", address());
    process = builder.start();
    awaitListening();
    return this;
  }

  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plus(START_BOUND);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "docker-registry exited " + process.exitValue() + ", its log:\n" + log());
      }
      if (acceptsConnections()) {
        return;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new InterruptedIOException("interrupted while starting docker-registry");
      }
    }
    close();
    throw new IOException(
        "docker-registry did not listen on "
            + address()
            + " within "
            + START_BOUND.toSeconds()
            + " s, its log:\n"
            + log());
  }

  /** SIGKILL, as when the registry's node dies. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      awaitExit(10);
    }
  }

  /** SIGTERM, then SIGKILL after 5 seconds. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!awaitExit(5)) {
        kill();
      }
    }
  }

  private boolean awaitExit(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  /** How to configure a registry; {@link #configure} writes its files, {@link #start} runs it. */
  public static final class Builder {
    private final Path directory;
    private RegistryConfig config = RegistryConfig.plain();
    private Optional<String[]> htpasswdUser = Optional.empty();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder(Path directory) {
      this.directory = directory;
    }

    /** Serve HTTPS with this certificate chain and key (PEM files). */
    public Builder tls(Path certificate, Path key) {
      config = with(Optional.of(new RegistryConfig.Tls(certificate, key)), config.auth());
      return this;
    }

    /** Basic authentication for one user, through an htpasswd file (made by Apache's htpasswd). */
    public Builder htpasswd(String user, String password) {
      htpasswdUser = Optional.of(new String[] {user, password});
      return this;
    }

    /**
     * An {@code auth:} section of its own, the lines under {@code auth:} indented by two spaces
     * (e.g. {@code token:} with realm, service, issuer and rootcertbundle).
     */
    public Builder authSection(String lines) {
      config = with(config.tls(), Optional.of(lines));
      return this;
    }

    public Builder deleteEnabled() {
      config =
          new RegistryConfig(
              config.tls(), config.auth(), true, config.logLevel(), config.replacement());
      return this;
    }

    public Builder logLevel(String level) {
      config =
          new RegistryConfig(
              config.tls(), config.auth(), config.deleteEnabled(), level, config.replacement());
      return this;
    }

    /** A whole {@code config.yml} instead of the generated one. */
    public Builder configFile(String content) {
      config =
          new RegistryConfig(
              config.tls(),
              config.auth(),
              config.deleteEnabled(),
              config.logLevel(),
              Optional.of(content));
      return this;
    }

    /** Environment of the process, e.g. {@code REGISTRY_*} overrides of the configuration. */
    public Builder environment(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    private RegistryConfig with(Optional<RegistryConfig.Tls> tls, Optional<String> auth) {
      return new RegistryConfig(
          tls, auth, config.deleteEnabled(), config.logLevel(), config.replacement());
    }

    /** Writes the configuration on a fresh port; the registry is not started. */
    public LocalRegistry configure() throws IOException {
      if (!Files.isExecutable(BINARY)) {
        throw new IOException(
            BINARY
                + " is missing: install Debian's docker-registry package (bin/setup does), or"
                + " pass --registry HOST:PORT");
      }
      Files.createDirectories(directory);
      if (htpasswdUser.isPresent()) {
        Path file = Htpasswd.write(directory, htpasswdUser.get()[0], htpasswdUser.get()[1]);
        authSection("  htpasswd:\n    realm: local-registry\n    path: " + file + "\n");
      }
      LocalRegistry registry = new LocalRegistry(directory, FreePort.loopback(), environment);
      Files.writeString(
          directory.resolve("config.yml"), config.render(registry.port, registry.storage()));
      return registry;
    }

    /** Configures and starts the registry, and waits until it accepts connections. */
    public LocalRegistry start() throws IOException {
      return configure().start();
    }
  }
}

package io.github.oras.operator.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The CNCF distribution registry (Debian's {@code docker-registry}) on a free loopback port, plain
 * HTTP, storing under a directory: the local stand-in for an OrasCache's registry.
 */
public final class LocalRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Path directory;
  private final int port;
  private final Process process;

  private LocalRegistry(Path directory, int port, Process process) {
    this.directory = directory;
    this.port = port;
    this.process = process;
  }

  /** Starts a registry and waits until it accepts connections. */
  public static LocalRegistry start(Path directory) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IOException(
          BINARY
              + " is missing: install Debian's docker-registry package (bin/test does), or pass --registry HOST:PORT");
    }
    Files.createDirectories(directory);
    int port = freePort();
    Path config = directory.resolve("config.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: error",
            "  accesslog:",
            "    disabled: true",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + directory.resolve("storage"),
            "  maintenance:",
            "    uploadpurging:",
            "      enabled: false",
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""));
    Process process =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("registry.log").toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(directory, port, process);
    registry.awaitListening(Duration.ofSeconds(20));
    return registry;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  private void awaitListening(Duration limit) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "the registry exited: " + Files.readString(directory.resolve("registry.log")));
      }
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(25);
      }
    }
    close();
    throw new IOException(
        "the registry did not listen on " + address() + " within " + limit.toSeconds() + " s");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

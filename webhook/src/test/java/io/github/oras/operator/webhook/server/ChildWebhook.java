package io.github.oras.operator.webhook.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.localregistry.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The webhook server as a real process ({@link WebhookMain serve} in a child JVM with a capped
 * heap), as it runs in its pod: an OutOfMemoryError there kills or wedges that process, not the
 * test.
 */
final class ChildWebhook implements AutoCloseable {
  final Process process;
  final Path log;
  final int port;
  final HttpClient client;
  final SSLContext tls;

  private ChildWebhook(Process process, Path log, int port, SSLContext tls) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.tls = tls;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Starts the server with {@code -Xmx<heap>} and waits until /readyz answers 200. */
  static ChildWebhook start(Path dir, String heap) throws Exception {
    return start(dir, heap, List.of());
  }

  /** The same, with more options for the child JVM (system properties, ...). */
  static ChildWebhook start(Path dir, String heap, List<String> jvmOptions) throws Exception {
    var certificates = SelfSignedCertificates.generate(dir, List.of(), Duration.ofDays(1));
    int port = FreePort.loopback();
    Path log = dir.resolve("webhook.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WebhookMain.class.getName());
    command.addAll(
        List.of(
            "serve",
            "127.0.0.1",
            Integer.toString(port),
            certificates.certFile().toString(),
            certificates.keyFile().toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildWebhook child =
        new ChildWebhook(process, log, port, TlsFixture.trusting(certificates.caPem()));
    child.awaitReady(Duration.ofSeconds(60));
    return child;
  }

  private void awaitReady(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the webhook exited during start: " + log());
      }
      try {
        if (get("/readyz", Duration.ofSeconds(2)).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the webhook did not become ready: " + log());
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String body, Duration timeout)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri("/mutate"))
            .header("Content-Type", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The response part of the AdmissionReview answer to {@code body}. */
  JsonNode admit(String body, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<String> response = post(body, timeout);
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    return Reviews.JSON.readTree(response.body()).path("response");
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}

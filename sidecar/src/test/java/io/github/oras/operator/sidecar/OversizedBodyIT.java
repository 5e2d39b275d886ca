package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.oras.operator.api.ArtifactReference;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile registry (a stand-in: a real one refuses such manifests) answers a manifest request
 * with an endless body, sent chunked so that no length warns ahead: the pull stops after 4 MiB with
 * a clear error, once, instead of reading on until the heap is gone.
 */
class OversizedBodyIT {
  @TempDir Path target;
  private HttpServer server;
  private final AtomicInteger manifestRequests = new AtomicInteger();
  private final AtomicInteger bytesSent = new AtomicInteger();

  @BeforeEach
  void startHostileRegistry() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v2/",
        exchange -> {
          if (!exchange.getRequestURI().getPath().contains("/manifests/")) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
          }
          manifestRequests.incrementAndGet();
          exchange
              .getResponseHeaders()
              .add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
          exchange.sendResponseHeaders(200, 0); // chunked: no length announced
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) ' ');
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"schemaVersion\":2,\"padding\":\"".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 16 * 1024; i++) { // up to 1 GiB, far more than anyone should read
              out.write(chunk);
              bytesSent.addAndGet(chunk.length);
            }
          } catch (java.io.IOException clientHungUp) {
            // expected: the client stops reading
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anEndlessManifestIsRefusedAfterFourMebibytesWithoutRetrying() {
    String host = "127.0.0.1:" + server.getAddress().getPort();
    ArtifactPuller puller =
        new ArtifactPuller(
            new RegistryClient(
                RegistryEndpoint.of(host, true, Optional.empty()), Duration.ofSeconds(10)),
            RetryPolicy.DEFAULT,
            Console.quiet());
    ExtractionLimits limits =
        ExtractionLimits.fromEnvironment(Map.of(), new java.util.ArrayList<>());

    assertThatThrownBy(
            () ->
                puller.pull(
                    ArtifactReference.parse(host + "/hostile/manifest:v1"),
                    target,
                    new ArtifactPuller.Options(true, limits)))
        .hasMessageContaining("larger than 4 MiB");
    assertThat(manifestRequests.get()).as("refused, not retried").isEqualTo(1);
    assertThat(bytesSent.get()).as("the client stopped reading").isLessThan(64 * 1024 * 1024);
  }
}

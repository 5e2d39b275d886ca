package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rolling restart must not fail the admission requests the old replica is answering. */
class GracefulStopIT {
  @TempDir Path dir;

  @Test
  void stopAnswersTheRequestsInFlightBeforeClosing() throws Exception {
    CountDownLatch lookupStarted = new CountDownLatch(1);
    CacheResolver slow =
        (namespace, name) -> {
          lookupStarted.countDown();
          try {
            Thread.sleep(700);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return CacheResolver.byConvention().lookup(namespace, name);
        };
    var certificates = SelfSignedCertificates.generate(dir, List.of(), Duration.ofDays(1));
    WebhookServer server =
        new WebhookServer(
            WebhookServerConfig.of(
                    "127.0.0.1",
                    0,
                    certificates.certFile(),
                    certificates.keyFile(),
                    InjectorConfig.defaults().withPolicies(List.of("test-pod")))
                .withCaches(slow),
            PolicyCatalog.discover(GracefulStopIT.class.getClassLoader()));
    server.start();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(TlsFixture.trusting(certificates.caPem()))
            .build();
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/mutate"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Reviews.text(
                            Reviews.review(
                                "uid-draining",
                                "CREATE",
                                Reviews.pod(Reviews.cacheAnnotations())))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(lookupStarted.await(10, TimeUnit.SECONDS)).isTrue();

    server.stop();

    assertThat(server.ready()).isFalse();
    HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = Reviews.JSON.readTree(response.body()).path("response");
    assertThat(answer.path("uid").asText()).isEqualTo("uid-draining");
    assertThat(answer.path("patch").asText()).isNotEmpty();
  }
}

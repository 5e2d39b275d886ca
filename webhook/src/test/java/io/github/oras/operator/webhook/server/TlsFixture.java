package io.github.oras.operator.webhook.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A webhook server on a loopback port with a freshly generated CA, and clients that trust only it.
 */
final class TlsFixture implements AutoCloseable {
  final SelfSignedCertificates.Generated certificates;
  final WebhookServer server;
  final SSLContext tls;
  final HttpClient client;

  private TlsFixture(
      SelfSignedCertificates.Generated certificates, WebhookServer server, SSLContext tls) {
    this.certificates = certificates;
    this.server = server;
    this.tls = tls;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  static TlsFixture start(Path dir, InjectorConfig injector, ServerLimits limits) throws Exception {
    return start(dir, injector, limits, CacheResolver.byConvention());
  }

  static TlsFixture start(
      Path dir, InjectorConfig injector, ServerLimits limits, CacheResolver caches)
      throws Exception {
    SelfSignedCertificates.Generated certificates =
        SelfSignedCertificates.generate(dir, List.of(), Duration.ofDays(1));
    WebhookServerConfig config =
        WebhookServerConfig.of(
                "127.0.0.1", 0, certificates.certFile(), certificates.keyFile(), injector)
            .withLimits(limits)
            .withCaches(caches)
            .withCertCheckInterval(Duration.ofMillis(100));
    WebhookServer server =
        new WebhookServer(config, PolicyCatalog.discover(TlsFixture.class.getClassLoader()));
    server.start();
    return new TlsFixture(certificates, server, trusting(certificates.caPem()));
  }

  static SSLContext trusting(String... caPems) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    for (int i = 0; i < caPems.length; i++) {
      Certificate ca =
          x509.generateCertificate(
              new ByteArrayInputStream(caPems[i].getBytes(StandardCharsets.US_ASCII)));
      store.setCertificateEntry("ca-" + i, ca);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a review and returns the response part of the AdmissionReview answer. */
  JsonNode admit(JsonNode review) throws IOException, InterruptedException {
    HttpResponse<String> response = post("/mutate", Reviews.text(review));
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    return Reviews.JSON.readTree(response.body()).path("response");
  }

  /** A raw TLS socket, for clients that misbehave below HTTP. */
  SSLSocket socket() throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.port());
    socket.setSoTimeout(20_000);
    socket.startHandshake();
    return socket;
  }

  static String read(Path file) throws IOException {
    return Files.readString(file);
  }

  @Override
  public void close() {
    server.stop();
  }
}

package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate files are replaced (as cert-manager does) while clients keep posting, on new and
 * kept-alive connections and with one request whose body is still arriving: no request fails and
 * new connections get the new certificate.
 */
class CertificateRotationIT {
  @TempDir Path first;
  @TempDir Path second;
  @TempDir Path served;

  @Test
  void rotationDropsNoRequestAndServesTheNewCertificate() throws Exception {
    var oldSet = SelfSignedCertificates.generate(first, List.of(), Duration.ofDays(1));
    var newSet = SelfSignedCertificates.generate(second, List.of(), Duration.ofDays(1));
    Path cert = served.resolve("tls.crt");
    Path key = served.resolve("tls.key");
    Files.copy(oldSet.certFile(), cert);
    Files.copy(oldSet.keyFile(), key);
    WebhookServerConfig config =
        WebhookServerConfig.of("127.0.0.1", 0, cert, key, InjectorConfig.defaults())
            .withCertCheckInterval(Duration.ofMillis(50));
    SSLContext trustBoth = TlsFixture.trusting(oldSet.caPem(), newSet.caPem());
    try (WebhookServer server =
        new WebhookServer(config, PolicyCatalog.discover(getClass().getClassLoader()))) {
      server.start();
      // BoringSSL on linux-x86_64: rotation must work with the engine that serves in the pod.
      assertThat(server.tls().engine()).isEqualTo(ServerTlsIT.expectedEngine());
      assertThat(servedCertificate(oldSet.caPem(), newSet.caPem(), server.port()))
          .isEqualTo(leaf(oldSet.certFile()));

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger succeeded = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      for (int i = 0; i < 4; i++) {
        boolean freshConnections = i % 2 == 0;
        clients.submit(
            () ->
                postUntilStopped(
                    trustBoth, server.port(), freshConnections, running, succeeded, failures));
      }
      try (SSLSocket slow = openSlowRequest(trustBoth, server.port())) {
        Thread.sleep(300);
        // Key first, then certificate: the server sees a mismatched pair in between and must skip
        // it.
        Files.copy(newSet.keyFile(), served.resolve("tls.key.new"));
        Files.move(
            served.resolve("tls.key.new"),
            key,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(150);
        Files.copy(newSet.certFile(), served.resolve("tls.crt.new"));
        Files.move(
            served.resolve("tls.crt.new"),
            cert,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        Certificate expected = leaf(newSet.certFile());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!servedCertificate(oldSet.caPem(), newSet.caPem(), server.port()).equals(expected)
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        Thread.sleep(300);
        assertThat(finishSlowRequest(slow)).startsWith("HTTP/1.1 200").contains("\"uid\":\"slow\"");
      }
      running.set(false);
      clients.shutdown();
      assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).isEmpty();
      assertThat(succeeded.get()).isGreaterThan(10);
      assertThat(servedCertificate(oldSet.caPem(), newSet.caPem(), server.port()))
          .isEqualTo(leaf(newSet.certFile()));
    }
  }

  private static void postUntilStopped(
      SSLContext tls,
      int port,
      boolean freshConnections,
      AtomicBoolean running,
      AtomicInteger succeeded,
      ConcurrentLinkedQueue<String> failures) {
    HttpClient shared = client(tls);
    String body =
        Reviews.text(Reviews.review("uid-load", "CREATE", Reviews.pod(Reviews.cacheAnnotations())));
    while (running.get()) {
      HttpClient client = freshConnections ? client(tls) : shared;
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/mutate"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Reviews.JSON.readTree(response.body()).path("response");
        if (response.statusCode() == 200 && answer.path("patch").isTextual()) {
          succeeded.incrementAndGet();
        } else {
          failures.add("HTTP " + response.statusCode() + ": " + response.body());
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }
  }

  private static HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
  }

  private static SSLSocket openSlowRequest(SSLContext tls, int port) throws Exception {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    byte[] body =
        Reviews.text(Reviews.review("slow", "CREATE", Reviews.pod(Reviews.cacheAnnotations())))
            .getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /mutate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body, 0, 10);
    out.flush();
    return socket;
  }

  private static String finishSlowRequest(SSLSocket socket) throws Exception {
    byte[] body =
        Reviews.text(Reviews.review("slow", "CREATE", Reviews.pod(Reviews.cacheAnnotations())))
            .getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(body, 10, body.length - 10);
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * The certificate a new client meets. A fresh context each time: the shared one's session cache
   * could resume a session made before the rotation, which still shows the old certificate.
   */
  private static Certificate servedCertificate(String oldCa, String newCa, int port)
      throws Exception {
    SSLContext tls = TlsFixture.trusting(oldCa, newCa);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return socket.getSession().getPeerCertificates()[0];
    }
  }

  private static Certificate leaf(Path pem) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }
}

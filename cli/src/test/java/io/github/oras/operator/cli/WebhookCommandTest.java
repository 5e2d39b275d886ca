package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WebhookCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  CommandLine command(WebhookCommand webhook) {
    return new CommandLine(webhook)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
  }

  @Test
  void selfSignedPrintsTheCaAndServesWithIt() throws Exception {
    WebhookCommand webhook = new WebhookCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                command(webhook)
                    .execute(
                        "--self-signed", dir.toString(), "--host", "127.0.0.1", "--port", "0"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (webhook.port() <= 0 && !exit.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).startsWith("-----BEGIN CERTIFICATE-----");
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(out.toString())).build();
    HttpResponse<String> ready =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + webhook.port() + "/readyz"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);

    webhook.stop();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void missingCertificateOptionsAreAUsageError() {
    int code = command(new WebhookCommand()).execute("--port", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("give --tls-cert and --tls-key, or --self-signed DIR");
  }

  @Test
  void unreadableCertificateStopsWithTheFileNamed() {
    int code =
        command(new WebhookCommand())
            .execute(
                "--port",
                "0",
                "--tls-cert",
                dir.resolve("tls.crt").toString(),
                "--tls-key",
                dir.resolve("tls.key").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("tls.crt does not exist").doesNotContain("Exception");
  }

  static SSLContext trusting(String caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}

package io.github.oras.operator.localregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real docker-registry, started the ways the cli and the other modules' tests start it. */
class LocalRegistryIT {
  @TempDir Path temp;

  @Test
  void plainRegistryAnswersTheV2Api() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("plain"))) {
      assertThat(registry.address()).isEqualTo("127.0.0.1:" + registry.port());
      assertThat(get(HttpClient.newHttpClient(), "http://" + registry.address() + "/v2/", null))
          .isEqualTo(200);
      assertThat(registry.directory().resolve("config.yml"))
          .content()
          .contains("rootdirectory: " + registry.storage());
    }
  }

  @Test
  void tlsWithHtpasswdRefusesStrangersAndAdmitsTheUser() throws Exception {
    Path tls = selfSigned(temp.resolve("tls"));
    try (LocalRegistry registry =
        LocalRegistry.in(temp.resolve("secure"))
            .tls(tls.resolve("cert.pem"), tls.resolve("key.pem"))
            .htpasswd("user", "pa ss")
            .deleteEnabled()
            .start()) {
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(tls)).build();
      String url = "https://" + registry.address() + "/v2/";

      assertThat(get(client, url, null)).isEqualTo(401);
      assertThat(get(client, url, basic("user", "pa ss"))).isEqualTo(200);
      assertThat(get(client, url, basic("user", "wrong"))).isEqualTo(401);
    }
  }

  @Test
  void aKilledRegistryStartsAgainOnItsPortWithItsStorage() throws Exception {
    LocalRegistry registry = LocalRegistry.in(temp.resolve("restart")).configure();
    assertThat(registry.acceptsConnections()).as("configured, not started").isFalse();
    try (registry) {
      registry.start();
      registry.kill();
      assertThat(registry.acceptsConnections()).isFalse();
      registry.start();
      assertThat(get(HttpClient.newHttpClient(), "http://" + registry.address() + "/v2/", null))
          .isEqualTo(200);
    }
  }

  /** A replaced configuration takes the storage from the environment, as a container's does. */
  @Test
  void aConfigurationOfItsOwnWithEnvironmentOverrides() throws Exception {
    Path storage = temp.resolve("elsewhere");
    try (LocalRegistry registry =
        LocalRegistry.in(temp.resolve("own"))
            .configFile("version: 0.1\nlog:\n  level: info\n")
            .environment(Map.of("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", storage.toString()))
            .start()) {
      assertThat(get(HttpClient.newHttpClient(), "http://" + registry.address() + "/v2/", null))
          .isEqualTo(200);
      assertThat(registry.log()).contains("level=info");
    }
  }

  @Test
  void aRegistryThatCannotStartReportsItsLog() {
    assertThatThrownBy(
            () ->
                LocalRegistry.in(temp.resolve("broken"))
                    .configFile("version: 0.1\nlog: [\n")
                    .start())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("docker-registry exited")
        .hasMessageContaining("its log:");
  }

  @Test
  void aFreePortCanBeBound() throws Exception {
    int port = FreePort.loopback();
    try (ServerSocket socket =
        new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  private static int get(HttpClient client, String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Path selfSigned(Path dir) throws Exception {
    Files.createDirectories(dir);
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                dir.resolve("key.pem").toString(),
                "-out",
                dir.resolve("cert.pem").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor()).as(output).isZero();
    return dir;
  }

  private static SSLContext trusting(Path tls) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream pem = Files.newInputStream(tls.resolve("cert.pem"))) {
      trust.setCertificateEntry(
          "registry", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}

package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.oras.operator.engine.InjectorConfig;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BoringSSL serves where the build ships its native library (linux-x86_64), the JDK's engine when
 * it is turned off; both speak TLS 1.2 and 1.3 only. Certificate rotation with BoringSSL is {@link
 * CertificateRotationIT}'s.
 */
class ServerTlsIT {
  @TempDir Path dir;

  /** BoringSSL on the platform whose native library the webhook depends on, else if it loads. */
  static ServerTls.Engine expectedEngine() {
    boolean shipped =
        System.getProperty("os.name").equals("Linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    if (shipped) {
      assertThat(OpenSsl.isAvailable())
          .as("BoringSSL must load on linux-x86_64: %s", OpenSsl.unavailabilityCause())
          .isTrue();
    }
    return OpenSsl.isAvailable() ? ServerTls.Engine.OPENSSL : ServerTls.Engine.JDK;
  }

  /** The number of connections the server counted for {@code engine}. */
  static double tlsConnections(String metrics, ServerTls.Engine engine) {
    Matcher count =
        Pattern.compile(
                "^oras_webhook_tls_connections_total\\{engine=\""
                    + engine.label()
                    + "\"\\} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(metrics);
    assertThat(count.find()).as("the tls connections metric in %s", metrics).isTrue();
    return Double.parseDouble(count.group(1));
  }

  @Test
  void boringSslServesWhereItsNativeLibraryIsShipped() throws Exception {
    ServerTls.Engine expected = expectedEngine();
    assumeThat(expected).isEqualTo(ServerTls.Engine.OPENSSL);
    try (TlsFixture fixture =
        TlsFixture.start(dir, InjectorConfig.defaults(), ServerLimits.defaults())) {
      assertThat(fixture.server.tls().engine()).isEqualTo(ServerTls.Engine.OPENSSL);
      assertThat(fixture.server.tls().description()).startsWith("TLS by BoringSSL");
      assertThat(
              fixture
                  .admit(
                      Reviews.review("uid-tls", "CREATE", Reviews.pod(Reviews.cacheAnnotations())))
                  .path("patch")
                  .asText())
          .isNotEmpty();

      String metrics = fixture.get("/metrics").body();
      assertThat(tlsConnections(metrics, ServerTls.Engine.OPENSSL)).isGreaterThanOrEqualTo(1);
      assertThat(tlsConnections(metrics, ServerTls.Engine.JDK)).isZero();
    }
  }

  @Test
  void onlyTls12And13AreSpokenWithTheJdksCipherSuites() throws Exception {
    try (TlsFixture fixture =
        TlsFixture.start(dir, InjectorConfig.defaults(), ServerLimits.defaults())) {
      List<String> jdkSuites = ServerTls.jdkDefaultCipherSuites();
      for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
        try (SSLSocket socket = handshake(fixture, protocol, null)) {
          assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
          assertThat(jdkSuites).contains(socket.getSession().getCipherSuite());
        }
      }
      // Each TLS 1.2 suite the JDK would serve with this (EC) certificate, BoringSSL serves too.
      for (String suite : jdkSuites) {
        if (suite.startsWith("TLS_ECDHE_ECDSA_") && OpenSsl.isCipherSuiteAvailable(suite)) {
          try (SSLSocket socket = handshake(fixture, "TLSv1.2", suite)) {
            assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
          }
        }
      }
    }
  }

  @Test
  void theJdkServesWhenBoringSslIsTurnedOff() throws Exception {
    try (ChildWebhook webhook =
        ChildWebhook.start(
            dir,
            "256m",
            List.of(
                "-Dio.netty.handler.ssl.noOpenSsl=true",
                "-Dorg.slf4j.simpleLogger.log." + WebhookServer.class.getName() + "=info"))) {
      assertThat(
              webhook
                  .admit(
                      Reviews.text(
                          Reviews.review(
                              "uid-jdk", "CREATE", Reviews.pod(Reviews.cacheAnnotations()))),
                      Duration.ofSeconds(20))
                  .path("patch")
                  .asText())
          .isNotEmpty();
      String metrics = webhook.get("/metrics", Duration.ofSeconds(20)).body();
      assertThat(tlsConnections(metrics, ServerTls.Engine.JDK)).isGreaterThanOrEqualTo(1);
      assertThat(tlsConnections(metrics, ServerTls.Engine.OPENSSL)).isZero();
      assertThat(webhook.log()).contains("TLS by the JDK (BoringSSL unavailable:");
    }
  }

  private static SSLSocket handshake(TlsFixture fixture, String protocol, String suite)
      throws Exception {
    SSLSocket socket =
        (SSLSocket) fixture.tls.getSocketFactory().createSocket("127.0.0.1", fixture.server.port());
    socket.setSoTimeout(20_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {protocol});
    if (suite != null) {
      parameters.setCipherSuites(new String[] {suite});
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }
}

package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client of a plain-HTTP registry sets TLS up only when a connection needs it. */
class LazySslContextTest {
  @TempDir Path tmp;

  @Test
  void plainHttpNeverSetsUpTlsAndHttpsStillWorks() throws Exception {
    TestCertificates certificates = TestCertificates.selfSigned(tmp);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    HttpServer plain = HttpServer.create(loopback, 4);
    HttpsServer secure = HttpsServer.create(loopback, 4);
    secure.setHttpsConfigurator(new HttpsConfigurator(TokenServer.sslContext(certificates)));
    for (HttpServer server : new HttpServer[] {plain, secure}) {
      server.createContext(
          "/",
          exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }
    AtomicInteger setUps = new AtomicInteger();
    RegistryEndpoint trusting =
        new RegistryEndpoint(
            "127.0.0.1:1", false, Optional.of(certificates.certificate()), false, Optional.empty());
    SSLContext lazy =
        new LazySslContext(
            () -> {
              setUps.incrementAndGet();
              return TlsContexts.forEndpoint(trusting);
            });
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(lazy)
            .sslParameters(LazySslContext.clientParameters())
            .build();
    try {
      String plainAnswer =
          client
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(plainAnswer).isEqualTo("hello");
      assertThat(setUps).as("no TLS for plain HTTP").hasValue(0);

      String secureAnswer =
          client
              .send(
                  HttpRequest.newBuilder(
                          URI.create("https://127.0.0.1:" + secure.getAddress().getPort() + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(secureAnswer).isEqualTo("hello");
      assertThat(setUps).as("set up once, on the first https connection").hasValue(1);
    } finally {
      plain.stop(0);
      secure.stop(0);
    }
  }
}

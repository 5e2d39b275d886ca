package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.engine.InjectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad request gets a clear 4xx answer without a stack trace, and the server keeps
 * answering well-formed requests afterwards (checked after each test).
 */
class MalformedRequestIT {
  static final long MAX_BODY = 2 * 1024 * 1024;
  @TempDir static Path dir;
  static TlsFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    ServerLimits limits =
        ServerLimits.defaults()
            .withMaxBodyBytes(MAX_BODY)
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
    fixture = TlsFixture.start(dir, InjectorConfig.defaults(), limits);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void serverStillAnswers() throws Exception {
    var response =
        fixture.admit(
            Reviews.review("uid-after", "CREATE", Reviews.pod(Reviews.cacheAnnotations())));
    assertThat(response.path("uid").asText()).isEqualTo("uid-after");
    assertThat(response.path("patch").asText()).isNotEmpty();
  }

  static void assertClearError(HttpResponse<String> response, int status, String expected) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body())
        .contains(expected)
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON          | {"apiVersion": admission             | not valid JSON (line 1, column
          empty body        | ''                                    | the body is empty
          a JSON array      | [1,2]                                 | must be a JSON object
          wrong apiVersion  | {"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"a","operation":"CREATE","object":{}}} | apiVersion must be admission.k8s.io/v1, got "admission.k8s.io/v1beta1"
          wrong kind        | {"apiVersion":"admission.k8s.io/v1","kind":"Pod","request":{}} | kind must be AdmissionReview
          missing request   | {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"} | has no request object
          missing uid       | {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE","object":{}}} | request.uid is missing
          bad operation     | {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"a","operation":"PATCH","object":{}}} | request.operation must be one of
          missing object    | {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"a","operation":"CREATE"}} | request.object is missing
          """)
  void badBodiesAreAnswered400(String what, String body, String expected) throws Exception {
    assertClearError(fixture.post("/mutate", body), 400, expected);
  }

  @Test
  void deepNestingIsAnswered400() throws Exception {
    String prefix =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"deep\",\"object\":";
    int depth = 512 * 1024; // 1 MiB of brackets
    String body = prefix + "[".repeat(depth) + "]".repeat(depth) + "}}";
    assertClearError(
        fixture.post("/mutate", body),
        400,
        "nests deeper than the limit of " + ServerLimits.DEFAULT_MAX_NESTING_DEPTH);
  }

  @Test
  void bodyOverTheLimitIsAnswered413() throws Exception {
    String body = "{\"pad\":\"" + "x".repeat((int) MAX_BODY) + "\"}";
    assertClearError(
        fixture.post("/mutate", body), 413, "larger than the limit of " + MAX_BODY + " bytes");
  }

  @Test
  void chunkedBodyOverTheLimitIsAnswered413() throws Exception {
    try (SSLSocket socket = fixture.socket()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mutate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        for (long sent = 0; sent <= MAX_BODY; sent += 0x4000) {
          out.write(chunk);
        }
        out.flush();
      } catch (IOException closedEarly) {
        // The server may close before all chunks are sent; its answer is already in the socket.
      }
      String answer = readAll(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than the limit");
    }
  }

  @Test
  void slowBodyIsAnswered408AndClosed() throws Exception {
    try (SSLSocket socket = fixture.socket()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\""
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readAll(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 408").contains("did not arrive within 1000 ms");
    }
  }

  @Test
  void tricklingHeadersGetTheConnectionClosed() throws Exception {
    try (SSLSocket socket = fixture.socket()) {
      OutputStream out = socket.getOutputStream();
      out.write("POST /mutate HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      boolean closed = false;
      // One header byte every 200 ms: each resets an ordinary idle timeout, not this one.
      for (int i = 0; i < 50 && !closed; i++) {
        try {
          out.write('X');
          out.flush();
          Thread.sleep(200);
        } catch (IOException e) {
          closed = true;
        }
      }
      if (!closed) {
        closed = socket.getInputStream().read() == -1;
      }
      assertThat(closed).as("connection closed by the server").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
    }
  }

  @Test
  void wrongMethodAndUnknownPath() throws Exception {
    assertClearError(fixture.get("/mutate"), 405, "use POST");
    assertClearError(fixture.get("/validate"), 404, "no such endpoint /validate");
  }

  private static String readAll(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // A reset after the answer is fine: the answer is what counts.
    }
    return text.toString();
  }
}

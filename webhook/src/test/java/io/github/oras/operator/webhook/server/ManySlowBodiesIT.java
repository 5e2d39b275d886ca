package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients that each send most of a large body slowly and then finish all at once must not
 * exhaust the memory of the server as it runs in its pod (a separate JVM with {@code -Xmx256m}),
 * nor keep it from answering an ordinary request. Each body is a Pod with 120,000 annotations (1.2
 * MB): parsed and merged by the policy, one takes some 25 MB of heap.
 */
class ManySlowBodiesIT {
  static final int CLIENTS = 10;
  static final int ANNOTATIONS = 120_000;

  @TempDir Path dir;

  @Test
  void stalledLargeBodiesLeaveRoomForOrdinaryRequests() throws Exception {
    byte[] body = LargeReviews.manyAnnotations(ANNOTATIONS).getBytes(StandardCharsets.US_ASCII);
    assertThat(body.length).isBetween(1_000_000, (int) ServerLimits.DEFAULT_MAX_BODY_BYTES);
    try (ChildWebhook webhook = ChildWebhook.start(dir, "256m")) {
      CountDownLatch mostSent = new CountDownLatch(CLIENTS);
      CountDownLatch finish = new CountDownLatch(1);
      List<SSLSocket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < CLIENTS; i++) {
          SSLSocket socket =
              (SSLSocket) webhook.tls.getSocketFactory().createSocket("127.0.0.1", webhook.port);
          sockets.add(socket);
          Thread sender = new Thread(() -> send(socket, body, mostSent, finish), "slow-" + i);
          sender.setDaemon(true);
          sender.start();
        }
        assertThat(mostSent.await(60, TimeUnit.SECONDS)).as("clients sent their bodies").isTrue();
        finish.countDown();
        Thread.sleep(500);

        JsonNode answer =
            webhook.admit(
                Reviews.text(
                    Reviews.review(
                        "uid-ordinary", "CREATE", Reviews.pod(Reviews.cacheAnnotations()))),
                Duration.ofSeconds(10));
        assertThat(answer.path("uid").asText()).isEqualTo("uid-ordinary");
        assertThat(answer.path("patch").asText()).isNotEmpty();
        assertThat(webhook.get("/readyz", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        Thread.sleep(3_000); // let the large ones be answered or refused
        assertThat(webhook.process.isAlive()).isTrue();
        assertThat(webhook.log()).doesNotContain("OutOfMemoryError");
      } finally {
        for (SSLSocket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  /** Headers, all of the body but its last byte, then (when told) the last byte. */
  private static void send(
      SSLSocket socket, byte[] body, CountDownLatch mostSent, CountDownLatch finish) {
    try {
      socket.setSoTimeout(60_000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mutate HTTP/1.1\r\nHost: webhook\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length - 1);
      out.flush();
      mostSent.countDown();
      finish.await();
      out.write(body, body.length - 1, 1);
      out.flush();
    } catch (IOException | InterruptedException refusedOrClosed) {
      // The server may answer 503 and stop listening to this client: that is the point.
      mostSent.countDown();
    }
  }
}

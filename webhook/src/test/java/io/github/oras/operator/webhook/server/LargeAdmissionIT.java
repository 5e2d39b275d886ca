package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One very large workload, sent to the server as it runs in its pod (a separate JVM with {@code
 * -Xmx256m}), gets an answer within the API server's default webhook timeout, and the server goes
 * on admitting.
 */
class LargeAdmissionIT {
  /** The API server's default webhook timeout. */
  static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static ChildWebhook webhook;

  @BeforeAll
  static void start() throws Exception {
    webhook = ChildWebhook.start(dir, "256m");
  }

  @AfterAll
  static void stop() throws Exception {
    webhook.close();
  }

  @Test
  void largeJobSetIsAnsweredInTimeAndTheServerKeepsAdmitting() throws Exception {
    String review = LargeReviews.review("uid-large");
    assertThat(review.length()).isBetween(350_000, 500_000);

    long started = System.nanoTime();
    HttpResponse<String> response = webhook.post(review, Duration.ofSeconds(30));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).as(webhook.log()).isEqualTo(200);
    assertThat(elapsed).as("time to answer").isLessThan(WEBHOOK_TIMEOUT);
    JsonNode answer = Reviews.JSON.readTree(response.body()).path("response");
    assertThat(answer.path("uid").asText()).isEqualTo("uid-large");
    assertThat(answer.path("allowed").asBoolean()).isFalse();
    String message = answer.path("status").path("message").asText();
    assertThat(message).contains("2000 pod templates").contains("1.5 MiB").hasSizeLessThan(2_000);

    assertThat(webhook.get("/readyz", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    JsonNode next =
        webhook.admit(
            Reviews.text(
                Reviews.review("uid-next", "CREATE", Reviews.job(Reviews.cacheAnnotations()))),
            WEBHOOK_TIMEOUT);
    assertThat(next.path("uid").asText()).isEqualTo("uid-next");
    assertThat(next.path("patch").asText()).isNotEmpty();
    assertThat(webhook.process.isAlive()).isTrue();
    assertThat(webhook.log()).doesNotContain("OutOfMemoryError");
  }
}

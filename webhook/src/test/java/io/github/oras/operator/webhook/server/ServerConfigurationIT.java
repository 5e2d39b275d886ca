package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Levels (which policies are active) and start-up failures that must name what to fix. */
class ServerConfigurationIT {
  @TempDir Path dir;

  @Test
  void withOnlyTheJobLevelABarePodIsLeftAlone() throws Exception {
    try (TlsFixture fixture =
        TlsFixture.start(
            dir,
            InjectorConfig.defaults().withPolicies(List.of("test-job")),
            ServerLimits.defaults())) {
      JsonNode pod =
          fixture.admit(
              Reviews.review("uid-pod", "CREATE", Reviews.pod(Reviews.cacheAnnotations())));
      JsonNode job =
          fixture.admit(
              Reviews.review("uid-job", "CREATE", Reviews.job(Reviews.cacheAnnotations())));

      assertThat(pod.path("allowed").asBoolean()).isTrue();
      assertThat(pod.has("patch")).isFalse();
      assertThat(job.path("patch").asText()).isNotEmpty();
    }
  }

  @Test
  void aPodFromAnAlreadyMutatedJobTemplateIsNotMutatedTwice() throws Exception {
    try (TlsFixture fixture =
        TlsFixture.start(
            dir,
            InjectorConfig.defaults().withPolicies(List.of("test-job", "test-pod")),
            ServerLimits.defaults())) {
      ObjectNode job = Reviews.job(Reviews.cacheAnnotations());
      JsonNode answer = fixture.admit(Reviews.review("uid-job", "CREATE", job));
      JsonNode mutatedJob =
          JsonPatch.fromJson(
                  Reviews.JSON.readTree(Base64.getDecoder().decode(answer.path("patch").asText())))
              .apply(job);
      // What the Job controller creates: a Pod with the template's metadata and spec, and the Job's
      // annotations gone.
      ObjectNode pod = Reviews.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
      pod.set("metadata", mutatedJob.path("spec").path("template").path("metadata").deepCopy());
      ((ObjectNode) pod.path("metadata")).put("name", "train-x7k2p");
      pod.set("spec", mutatedJob.path("spec").path("template").path("spec").deepCopy());

      JsonNode podAnswer = fixture.admit(Reviews.review("uid-pod", "CREATE", pod));

      assertThat(podAnswer.path("allowed").asBoolean()).isTrue();
      assertThat(podAnswer.has("patch")).isFalse();
    }
  }

  @Test
  void unknownPolicyStopsTheStartWithTheNamesDiscovered() throws Exception {
    var certificates = SelfSignedCertificates.generate(dir, List.of(), Duration.ofDays(1));
    WebhookServerConfig config =
        WebhookServerConfig.of(
            "127.0.0.1",
            0,
            certificates.certFile(),
            certificates.keyFile(),
            InjectorConfig.defaults().withPolicies(List.of("cronjob")));
    WebhookServer server =
        new WebhookServer(config, PolicyCatalog.discover(getClass().getClassLoader()));

    assertThatThrownBy(server::start)
        .hasMessageContaining("unknown policy \"cronjob\"")
        .hasMessageContaining("test-job");
    assertThat(server.ready()).isFalse();
  }

  @Test
  void missingOrMismatchedCertificateStopsTheStart() throws Exception {
    var one = SelfSignedCertificates.generate(dir.resolve("one"), List.of(), Duration.ofDays(1));
    var two = SelfSignedCertificates.generate(dir.resolve("two"), List.of(), Duration.ofDays(1));
    PolicyCatalog catalog = PolicyCatalog.discover(getClass().getClassLoader());

    WebhookServer missing =
        new WebhookServer(
            WebhookServerConfig.of(
                "127.0.0.1", 0, dir.resolve("none.crt"), one.keyFile(), InjectorConfig.defaults()),
            catalog);
    assertThatThrownBy(missing::start).hasMessageContaining("none.crt does not exist");

    WebhookServer mismatched =
        new WebhookServer(
            WebhookServerConfig.of(
                "127.0.0.1", 0, one.certFile(), two.keyFile(), InjectorConfig.defaults()),
            catalog);
    assertThatThrownBy(mismatched::start)
        .hasMessageContaining("is not the private key of the certificate");

    Files.writeString(dir.resolve("junk.crt"), "hello");
    WebhookServer junk =
        new WebhookServer(
            WebhookServerConfig.of(
                "127.0.0.1", 0, dir.resolve("junk.crt"), one.keyFile(), InjectorConfig.defaults()),
            catalog);
    assertThatThrownBy(junk::start).hasMessageContaining("contains no PEM certificate");
  }

  @Test
  void notReadyAfterStop() throws Exception {
    TlsFixture fixture = TlsFixture.start(dir, InjectorConfig.defaults(), ServerLimits.defaults());
    assertThat(fixture.get("/readyz").statusCode()).isEqualTo(200);
    fixture.close();
    assertThat(fixture.server.ready()).isFalse();
  }
}

package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.SidecarContract;
import io.github.oras.operator.engine.InjectorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POST /mutate over real TLS: the returned patch, applied with json-patch, gives the injected
 * object.
 */
class MutateEndpointIT {
  @TempDir static Path dir;
  static TlsFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = TlsFixture.start(dir, InjectorConfig.defaults(), ServerLimits.defaults());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static JsonNode applyPatch(JsonNode response, JsonNode object) throws Exception {
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    byte[] patch = Base64.getDecoder().decode(response.path("patch").asText());
    return JsonPatch.fromJson(Reviews.JSON.readTree(patch)).apply(object);
  }

  static List<String> containerNames(JsonNode podSpec, String field) {
    List<String> names = new ArrayList<>();
    podSpec.path(field).forEach(container -> names.add(container.path("name").asText()));
    return names;
  }

  @Test
  void annotatedPodIsPatchedWithTheSameUid() throws Exception {
    ObjectNode pod = Reviews.pod(Reviews.cacheAnnotations());
    JsonNode response = fixture.admit(Reviews.review("uid-pod-1", "CREATE", pod));

    assertThat(response.path("uid").asText()).isEqualTo("uid-pod-1");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    JsonNode mutated = applyPatch(response, pod);
    JsonNode spec = mutated.path("spec");
    // The push side is a native sidecar by default, right after the pull.
    assertThat(containerNames(spec, "initContainers"))
        .containsExactly(SidecarContract.PULL_CONTAINER, SidecarContract.PUSH_CONTAINER);
    assertThat(containerNames(spec, "containers")).containsExactly("app");
    assertThat(spec.path("volumes").findValuesAsText("name")).contains(SidecarContract.VOLUME);
    assertThat(
            mutated
                .path("metadata")
                .path("annotations")
                .has(Annotations.qualified(Annotations.INJECTED)))
        .isTrue();
    assertThat(spec.path("containers").get(0).path("command").toString())
        .contains(SidecarContract.LAUNCHER);
  }

  @Test
  void jobTemplateIsPatched() throws Exception {
    ObjectNode job = Reviews.job(Reviews.cacheAnnotations());
    JsonNode mutated = applyPatch(fixture.admit(Reviews.review("uid-job-1", "CREATE", job)), job);

    JsonNode spec = mutated.path("spec").path("template").path("spec");
    assertThat(containerNames(spec, "containers")).containsExactly("trainer");
    assertThat(containerNames(spec, "initContainers"))
        .containsExactly(SidecarContract.PULL_CONTAINER, SidecarContract.PUSH_CONTAINER);
  }

  @Test
  void dryRunGetsTheSamePatch() throws Exception {
    ObjectNode pod = Reviews.pod(Reviews.cacheAnnotations());
    ObjectNode review = Reviews.review("uid-dry", "CREATE", pod);
    JsonNode wet = fixture.admit(review);
    ((ObjectNode) review.path("request")).put("dryRun", true);
    JsonNode dry = fixture.admit(review);

    assertThat(dry.path("uid").asText()).isEqualTo("uid-dry");
    assertThat(dry.path("patch").asText()).isNotEmpty().isEqualTo(wet.path("patch").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"UPDATE", "DELETE", "CONNECT"})
  void otherOperationsAreAllowedUnchanged(String operation) throws Exception {
    JsonNode response =
        fixture.admit(
            Reviews.review("uid-" + operation, operation, Reviews.pod(Reviews.cacheAnnotations())));

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  @Test
  void podWithoutTheCacheAnnotationIsAllowedUnchanged() throws Exception {
    JsonNode response = fixture.admit(Reviews.review("uid-plain", "CREATE", Reviews.pod(Map.of())));

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void kindNoPolicyHandlesIsAllowedUnchanged() throws Exception {
    ObjectNode deployment = Reviews.pod(Reviews.cacheAnnotations());
    deployment.put("apiVersion", "apps/v1").put("kind", "Deployment");
    JsonNode response = fixture.admit(Reviews.review("uid-deploy", "CREATE", deployment));

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void invalidAnnotationsAreDeniedWithEveryProblemNamed() throws Exception {
    Map<String, String> annotations = new HashMap<>(Reviews.cacheAnnotations());
    annotations.put(Annotations.qualified(Annotations.UNPACK), "maybe");
    annotations.put(Annotations.qualified(Annotations.DEBUG), "loud");
    annotations.put(Annotations.qualified("input-urii"), "x:y");
    JsonNode response =
        fixture.admit(Reviews.review("uid-bad", "CREATE", Reviews.pod(annotations)));

    assertThat(response.path("uid").asText()).isEqualTo("uid-bad");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.has("patch")).isFalse();
    JsonNode status = response.path("status");
    assertThat(status.path("code").asInt()).isEqualTo(400);
    assertThat(status.path("message").asText())
        .contains("3 problems")
        .contains(Annotations.qualified(Annotations.UNPACK), "maybe")
        .contains(Annotations.qualified(Annotations.DEBUG), "loud")
        .contains(Annotations.qualified("input-urii"));
  }

  @Test
  void strayAnnotationsWithoutOptInBecomeWarnings() throws Exception {
    Map<String, String> annotations =
        Map.of(Annotations.qualified(Annotations.INPUT_URI), "metric/data:v1");
    JsonNode response =
        fixture.admit(Reviews.review("uid-stray", "CREATE", Reviews.pod(annotations)));

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.path("warnings").toString())
        .contains(Annotations.qualified(Annotations.INPUT_URI))
        .contains(Annotations.qualified(Annotations.ORAS_CACHE));
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(fixture.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(fixture.server.ready()).isTrue();
  }

  @Test
  void metricsCountRequestsByKindAndResult() throws Exception {
    fixture.admit(
        Reviews.review("uid-metrics-1", "CREATE", Reviews.job(Reviews.cacheAnnotations())));
    fixture.admit(
        Reviews.review("uid-metrics-2", "UPDATE", Reviews.job(Reviews.cacheAnnotations())));
    fixture.post("/mutate", "not json");

    String metrics = fixture.get("/metrics").body();
    assertThat(metrics)
        .containsPattern("oras_webhook_requests_total\\{kind=\"Job\",result=\"patched\"\\} [1-9]")
        .containsPattern("oras_webhook_requests_total\\{kind=\"Job\",result=\"skipped\"\\} [1-9]")
        .containsPattern(
            "oras_webhook_requests_total\\{kind=\"none\",result=\"bad_request\"\\} [1-9]")
        .containsPattern(
            "oras_webhook_request_duration_seconds_bucket\\{result=\"patched\",le=\"[0-9.]+\"\\} [1-9]")
        .containsPattern(
            "oras_webhook_request_duration_seconds_count\\{result=\"patched\"\\} [1-9]")
        .containsPattern("oras_webhook_patch_bytes_count [1-9]")
        .containsPattern("oras_webhook_patch_bytes_sum [1-9][0-9]{2,}");
  }
}

package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarSettingsTest {

  @Test
  void defaultsFollowTheContract() {
    SidecarSettings s = SidecarSettings.fromEnvironment(Map.of());
    assertThat(s.share()).isEqualTo(Path.of("/mnt/oras"));
    assertThat(s.plainHttp()).isFalse();
    assertThat(s.unpack()).isTrue();
    assertThat(s.pushOnFailure()).isFalse();
    assertThat(s.inputs()).isEmpty();
    assertThat(s.output()).isEmpty();
    assertThat(s.limits()).isEqualTo(ExtractionLimits.DEFAULT);
    assertThat(s.limits().maxTotalBytes()).isEqualTo(64L << 30);
    assertThat(s.limits().maxEntries()).isEqualTo(1_000_000);
  }

  @Test
  void inputsAreReadInOrderAndQualifiedWithTheRegistry() {
    SidecarSettings s =
        SidecarSettings.fromEnvironment(
            Map.of(
                "ORAS_REGISTRY", "cache-0.cache.ns.svc.cluster.local:5000",
                "ORAS_INPUT_URI_1", "metric/lammps:iter-0",
                "ORAS_INPUT_URI_2", "ghcr.io/org/data:v2",
                "ORAS_OUTPUT_URI", "metric/lammps:iter-1",
                "ORAS_PLAIN_HTTP", "TRUE",
                "ORAS_UNPACK", "false"));
    assertThat(s.inputs())
        .extracting(Object::toString)
        .containsExactly(
            "cache-0.cache.ns.svc.cluster.local:5000/metric/lammps:iter-0", "ghcr.io/org/data:v2");
    assertThat(s.output().orElseThrow().toString())
        .isEqualTo("cache-0.cache.ns.svc.cluster.local:5000/metric/lammps:iter-1");
    assertThat(s.plainHttp()).isTrue();
    assertThat(s.unpack()).isFalse();
  }

  @Test
  void theInputListIsOneReferencePerLine() {
    SidecarSettings s =
        SidecarSettings.fromEnvironment(
            Map.of(
                "ORAS_REGISTRY", "cache-0.cache.ns.svc.cluster.local:5000",
                "ORAS_INPUT_URIS", "metric/lammps:iter-0\nghcr.io/org/data:v2\n"));
    assertThat(s.inputs())
        .extracting(Object::toString)
        .containsExactly(
            "cache-0.cache.ns.svc.cluster.local:5000/metric/lammps:iter-0", "ghcr.io/org/data:v2");
  }

  @Test
  void aBadLineOfTheInputListIsNamedByNumber() {
    assertThatThrownBy(
            () ->
                SidecarSettings.fromEnvironment(
                    Map.of(
                        "ORAS_REGISTRY", "r.example:5000",
                        "ORAS_INPUT_URIS", "a/b:c\nhas space:v1")))
        .hasMessageContaining("ORAS_INPUT_URIS line 2: repository \"has space\" is not valid");
  }

  @Test
  void theListAndTheNumberedFormTogetherAreRefused() {
    assertThatThrownBy(
            () ->
                SidecarSettings.fromEnvironment(
                    Map.of(
                        "ORAS_REGISTRY", "r.example:5000",
                        "ORAS_INPUT_URIS", "a/b:c",
                        "ORAS_INPUT_URI_1", "d/e:f")))
        .hasMessageContaining("both ORAS_INPUT_URIS and ORAS_INPUT_URI_N are set");
  }

  @Test
  void aLongBadValueIsShownOnlyInPart() {
    String huge = "x".repeat(1_000_000);
    assertThatThrownBy(() -> SidecarSettings.fromEnvironment(Map.of("ORAS_DEBUG", huge)))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  @Test
  void everyProblemIsReportedWithItsVariable() {
    assertThatThrownBy(
            () ->
                SidecarSettings.fromEnvironment(
                    Map.of(
                        "ORAS_INPUT_URI_1", "has space:v1",
                        "ORAS_INPUT_URI_2", "no/registry:v1",
                        "ORAS_INPUT_URI_4", "a/b:c",
                        "ORAS_INPUT_URI_x", "a/b:c",
                        "ORAS_DEBUG", "1",
                        "ORAS_MAX_FILE_SIZE", "-5",
                        "ORAS_MAX_TOTAL_SIZE", "lots",
                        "ORAS_MAX_ENTRIES", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ORAS_INPUT_URI_1: repository \"has space\" is not valid")
        .hasMessageContaining(
            "ORAS_INPUT_URI_2=no/registry:v1 names no registry host and ORAS_REGISTRY is not set")
        .hasMessageContaining(
            "ORAS_INPUT_URI_4, ORAS_INPUT_URI_x: input references must be numbered")
        .hasMessageContaining("(found 2 in sequence)")
        .hasMessageContaining("ORAS_DEBUG must be true or false, not \"1\"")
        .hasMessageContaining("ORAS_MAX_FILE_SIZE must be a positive number of bytes, not \"-5\"")
        .hasMessageContaining(
            "ORAS_MAX_TOTAL_SIZE must be a positive number of bytes, not \"lots\"")
        .hasMessageContaining("ORAS_MAX_ENTRIES must be a positive number of entries, not \"0\"");
  }

  @Test
  void extractionCapsAreReadFromTheEnvironment() {
    SidecarSettings s =
        SidecarSettings.fromEnvironment(
            Map.of(
                "ORAS_MAX_FILE_SIZE", "10",
                "ORAS_MAX_TOTAL_SIZE", "200",
                "ORAS_MAX_ENTRIES", "30"));
    assertThat(s.limits()).isEqualTo(new ExtractionLimits(10, 200, 30));
  }

  @Test
  void theOutputTagsPlaceholdersAreThisPodsValues() {
    SidecarSettings jobSetPod =
        SidecarSettings.fromEnvironment(
            Map.of(
                "ORAS_REGISTRY", "cache-0.cache.ns.svc.cluster.local:5000",
                "ORAS_OUTPUT_URI", "metric/lammps:iter-0-{index}.{pod}",
                "ORAS_POD_NAME", "sim-solver-1-2-x7k2p",
                "ORAS_POD_INDEX_1", "1",
                "ORAS_POD_INDEX_2", "2"));
    SidecarSettings indexedJobPod =
        SidecarSettings.fromEnvironment(
            Map.of(
                "ORAS_REGISTRY", "cache:5000",
                "ORAS_OUTPUT_URI", "out:{index}",
                "JOB_COMPLETION_INDEX", "7"));

    assertThat(jobSetPod.output().orElseThrow().toString())
        .isEqualTo(
            "cache-0.cache.ns.svc.cluster.local:5000/metric/lammps:iter-0-1-2.sim-solver-1-2-x7k2p");
    assertThat(indexedJobPod.output().orElseThrow().toString()).isEqualTo("cache:5000/out:7");
  }

  @Test
  void aPlaceholderWithoutAValueIsNamedOnce() {
    assertThatThrownBy(
            () ->
                SidecarSettings.fromEnvironment(
                    Map.of("ORAS_REGISTRY", "cache:5000", "ORAS_OUTPUT_URI", "out:{index}")))
        .hasMessageStartingWith("ORAS_OUTPUT_URI=out:{index}: the tag of out:{index} uses {index}")
        .hasMessageContaining("JOB_COMPLETION_INDEX")
        .hasMessageNotContaining("is not valid");
  }

  @Test
  void aBadRegistryHostIsNamed() {
    assertThatThrownBy(
            () -> SidecarSettings.fromEnvironment(Map.of("ORAS_REGISTRY", "http://cache:5000")))
        .hasMessageStartingWith("ORAS_REGISTRY: registry host \"http://cache:5000\" is not valid");
  }

  @Test
  void credentialsNeverShowThePassword() {
    Credentials c =
        Credentials.forPush(Map.of("ORAS_USER", "u", "ORAS_PUSH_PASS", "hunter2")).orElseThrow();
    assertThat(c.password()).isEqualTo("hunter2");
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(
            Credentials.forPull(Map.of("ORAS_USER", "u", "ORAS_PUSH_PASS", "only-push"))
                .orElseThrow()
                .password())
        .isEqualTo("only-push");
    assertThat(Credentials.forPull(Map.of("ORAS_PULL_PASS", "no-user"))).isEmpty();
  }
}

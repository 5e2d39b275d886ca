package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactReferenceTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void aFullReferenceHasEveryPart() {
    ArtifactReference ref =
        ArtifactReference.parse("localhost:5000/metric/lammps:iter-0@" + DIGEST);

    assertThat(ref.registry()).contains("localhost:5000");
    assertThat(ref.repository()).isEqualTo("metric/lammps");
    assertThat(ref.tag()).contains("iter-0");
    assertThat(ref.digest()).contains(DIGEST);
  }

  @Test
  void aReferenceWithoutHostIsRelativeToTheCache() {
    ArtifactReference ref = ArtifactReference.parse("metric/lammps:iter-0");

    assertThat(ref.registry()).isEmpty();
    assertThat(ref.repository()).isEqualTo("metric/lammps");
    assertThat(ref.qualifiedWith("cache-0.cache.ns.svc.cluster.local:5000").toString())
        .isEqualTo("cache-0.cache.ns.svc.cluster.local:5000/metric/lammps:iter-0");
    assertThat(ArtifactReference.parse("ghcr.io/a/b").qualifiedWith("other.example:1"))
        .isEqualTo(ArtifactReference.parse("ghcr.io/a/b"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost/repo",
        "registry.example.com/repo",
        "host:5000/repo",
        "[::1]:5000/repo",
        "Upper/repo"
      })
  void theFirstComponentIsAHostWhenItLooksLikeOne(String text) {
    assertThat(ArtifactReference.parse(text).registry()).isPresent();
    assertThat(ArtifactReference.parse(text).repository()).isEqualTo("repo");
  }

  @Test
  void aPlainFirstComponentIsPartOfTheRepository() {
    ArtifactReference ref = ArtifactReference.parse("dinosaur/hello-world:pancakes");

    assertThat(ref.registry()).isEmpty();
    assertThat(ref.repository()).isEqualTo("dinosaur/hello-world");
    assertThat(ref.tag()).contains("pancakes");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " repo",
        "repo ",
        "/repo",
        "host.example/",
        "repo:",
        "repo@",
        "Repo",
        "re po",
        "repo:tag:tag",
        "a@b@c"
      })
  void malformedReferencesAreRefused(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ArtifactReference.parse(text))
        .matches(e -> !e.getMessage().isBlank(), "has a message");
  }

  @Test
  void veryLongReferencesAreRefusedWithoutExhaustingTheStack() {
    String[] longOnes = {
      "a" + "-a".repeat(100_000),
      "host.example/" + "a.a".repeat(50_000),
      "repo@" + "a.a".repeat(50_000) + ":" + "0".repeat(64),
      "h" + ".h".repeat(100_000) + "/repo",
      "repo:" + "t".repeat(100_000),
    };
    for (String text : longOnes) {
      assertThatIllegalArgumentException().isThrownBy(() -> ArtifactReference.parse(text));
    }
  }

  @Test
  void aRepositoryThatWouldReadAsAHostNeedsAnExplicitRegistry() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ArtifactReference(
                    Optional.empty(), "a.b/c", Optional.empty(), Optional.empty()))
        .withMessageContaining("reads as a registry host");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ArtifactReference(
                    Optional.of("myhost"), "c", Optional.empty(), Optional.empty()))
        .withMessageContaining("no dot and no port");
    assertThat(
            new ArtifactReference(Optional.empty(), "a.b", Optional.empty(), Optional.empty())
                .toString())
        .isEqualTo("a.b");
  }

  @Test
  void portsOutsideTheRangeAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ArtifactReference.checkHost("host:0"))
        .withMessageContaining("out of range");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ArtifactReference.checkHost("host:65536"));
    ArtifactReference.checkHost("host:65535");
  }
}

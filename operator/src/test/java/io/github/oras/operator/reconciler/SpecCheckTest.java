package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStorage;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecCheckTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io/oras-project/registry:latest",
        "registry:2",
        "localhost:5000/mirror/registry@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker.io/library/registry"
      })
  void acceptsImageReferences(String image) {
    assertThat(SpecCheck.check(spec(image, null))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"docker.io/Library/Registry", "not a reference", "registry:", "", " registry:2"})
  void rejectsImagesThatAreNotReferences(String image) {
    assertThat(SpecCheck.check(spec(image, null)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo(SpecProblem.INVALID_IMAGE);
              assertThat(p.message()).contains("spec.image", "\"" + image + "\"");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"10Gi", "512Mi", "1T", "1.5Gi", "1e9", "100", "2k", ".5Ti"})
  void acceptsKubernetesQuantities(String size) {
    assertThat(SpecCheck.check(spec(OrasCacheSpec.DEFAULT_IMAGE, size))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten gigs", "10GB", "10 Gi", "Gi", "", "10gi", "0", "-1Gi", "0Mi"})
  void rejectsSizesThatAreNotPositiveQuantities(String size) {
    assertThat(SpecCheck.check(spec(OrasCacheSpec.DEFAULT_IMAGE, size)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo(SpecProblem.INVALID_STORAGE_SIZE);
              assertThat(p.message()).contains("spec.storage.size", "\"" + size + "\"");
            });
  }

  @org.junit.jupiter.api.Test
  void reportsEveryProblemAtOnce() {
    List<SpecProblem> problems = SpecCheck.check(spec("Bad Image", "lots"));
    assertThat(problems)
        .extracting(SpecProblem::reason)
        .containsExactly(SpecProblem.INVALID_IMAGE, SpecProblem.INVALID_STORAGE_SIZE);
  }

  /** Whatever a user writes, the check answers with problems rather than an exception. */
  @Property(tries = 300)
  void neverThrows(@ForAll String image, @ForAll String size) {
    List<SpecProblem> problems = SpecCheck.check(spec(image, size));
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
  }

  private static OrasCacheSpec spec(String image, String size) {
    OrasCacheSpec spec = new OrasCacheSpec();
    spec.setImage(image);
    if (size != null) {
      OrasCacheStorage storage = new OrasCacheStorage();
      storage.setSize(size);
      spec.setStorage(storage);
    }
    return spec;
  }
}

package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.crd.OrasCacheNetwork;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStorage;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
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

  @ParameterizedTest
  @ValueSource(strings = {"Registry_Users", "", "-users", "users.", "a b"})
  void rejectsSecretNamesTheApiServerWouldRefuse(String name) {
    OrasCacheSpec spec = spec(OrasCacheSpec.DEFAULT_IMAGE, null);
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp(name);
    spec.setSecrets(secrets);

    assertThat(SpecCheck.check(spec))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo(SpecProblem.INVALID_SECRET_NAME);
              assertThat(p.message())
                  .contains("spec.secrets.registryHttp", "\"" + name + "\"", "e.g.");
            });
  }

  @Test
  void acceptsSecretNamesAndValidNetworkSources() {
    OrasCacheSpec spec = spec(OrasCacheSpec.DEFAULT_IMAGE, null);
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp("registry.upload-key");
    spec.setSecrets(secrets);
    OrasCacheNetwork network = new OrasCacheNetwork();
    network.setAllowedNamespaces(List.of("ingress-nginx", "ci"));
    network.setAllowedCidrs(List.of("10.0.0.0/8", "192.168.1.7/32", "fd00::/64", "::/0"));
    spec.setNetwork(network);

    assertThat(SpecCheck.check(spec)).isEmpty();
  }

  @Test
  void namesEveryBadNetworkEntryByIndex() {
    OrasCacheSpec spec = spec(OrasCacheSpec.DEFAULT_IMAGE, null);
    OrasCacheNetwork network = new OrasCacheNetwork();
    network.setAllowedNamespaces(List.of("ok", "Ingress_Nginx"));
    network.setAllowedCidrs(
        List.of("10.0.0.0", "10.0.0.0/33", "010.0.0.0/8", "example.com/8", "fd00::/129"));
    spec.setNetwork(network);

    assertThat(SpecCheck.check(spec))
        .extracting(SpecProblem::message)
        .containsExactly(
            "spec.network.allowedNamespaces[1] \"Ingress_Nginx\" is not a namespace name: use"
                + " lowercase letters, digits and '-', at most 63 characters, e.g. ingress-nginx",
            "spec.network.allowedCidrs[0] \"10.0.0.0\" is not a CIDR block: write an address and"
                + " a prefix length, e.g. 10.0.0.0/8 or fd00::/64",
            "spec.network.allowedCidrs[1] \"10.0.0.0/33\" is not a CIDR block: write an address"
                + " and a prefix length, e.g. 10.0.0.0/8 or fd00::/64",
            "spec.network.allowedCidrs[2] \"010.0.0.0/8\" is not a CIDR block: write an address"
                + " and a prefix length, e.g. 10.0.0.0/8 or fd00::/64",
            "spec.network.allowedCidrs[3] \"example.com/8\" is not a CIDR block: write an"
                + " address and a prefix length, e.g. 10.0.0.0/8 or fd00::/64",
            "spec.network.allowedCidrs[4] \"fd00::/129\" is not a CIDR block: write an address"
                + " and a prefix length, e.g. 10.0.0.0/8 or fd00::/64");
  }

  @Test
  void aLongBadValueIsEchoedAsAShortPrefix() {
    OrasCacheSpec spec = spec(OrasCacheSpec.DEFAULT_IMAGE, null);
    OrasCacheNetwork network = new OrasCacheNetwork();
    network.setAllowedNamespaces(List.of("x".repeat(5000)));
    spec.setNetwork(network);

    assertThat(SpecCheck.check(spec))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).hasSizeLessThan(250).contains("x".repeat(64)));
  }

  /** Whatever a user writes, the check answers with problems rather than an exception. */
  @Property(tries = 300)
  void neverThrows(
      @ForAll String image,
      @ForAll String size,
      @ForAll String secret,
      @ForAll List<String> namespaces,
      @ForAll List<String> cidrs) {
    OrasCacheSpec spec = spec(image, size);
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp(secret);
    spec.setSecrets(secrets);
    OrasCacheNetwork network = new OrasCacheNetwork();
    network.setAllowedNamespaces(namespaces);
    network.setAllowedCidrs(cidrs);
    spec.setNetwork(network);
    List<SpecProblem> problems = SpecCheck.check(spec);
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

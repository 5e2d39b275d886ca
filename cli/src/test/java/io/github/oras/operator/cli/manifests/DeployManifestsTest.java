package io.github.oras.operator.cli.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.engine.PolicyCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code deploy/} is exactly what {@code oras-operator manifests} renders with its
 * defaults and the real policies, and its CRD copies equal {@code crds/}.
 */
class DeployManifestsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String REGENERATE =
      "regenerate it with: bin/oras-operator manifests --output deploy";

  @Test
  void deployDirectoryIsUpToDate() throws IOException {
    SortedMap<String, String> crds = ManifestsRenderer.readCrds(ROOT.resolve("crds"));
    PolicyCatalog catalog = PolicyCatalog.discover(getClass().getClassLoader());
    assertThat(catalog.policies().keySet())
        .as(
            "deploy/ is rendered with the policies %s, which must be on the test class path",
            ManifestOptions.DEFAULT_LEVELS)
        .containsAll(ManifestOptions.DEFAULT_LEVELS);
    Map<String, String> expected =
        new ManifestsRenderer().render(ManifestOptions.defaults(), catalog, crds);

    for (Map.Entry<String, String> file : expected.entrySet()) {
      Path checkedIn = ROOT.resolve("deploy").resolve(file.getKey());
      assertThat(checkedIn).as("deploy/%s is missing; %s", file.getKey(), REGENERATE).exists();
      assertThat(Files.readString(checkedIn, StandardCharsets.UTF_8))
          .as(
              "deploy/%s differs from what the manifests command renders; %s",
              file.getKey(), REGENERATE)
          .isEqualTo(file.getValue());
    }
  }

  @Test
  void crdCopiesEqualTheCrdsDirectory() throws IOException {
    SortedMap<String, String> crds = ManifestsRenderer.readCrds(ROOT.resolve("crds"));
    for (Map.Entry<String, String> crd : crds.entrySet()) {
      assertThat(ROOT.resolve("deploy").resolve(crd.getKey()))
          .as("deploy/%s is a copy of crds/%s; %s", crd.getKey(), crd.getKey(), REGENERATE)
          .hasContent(crd.getValue());
    }
  }
}

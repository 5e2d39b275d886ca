package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSetShape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestValidatorTest {
  private final ManifestValidator validator = new ManifestValidator(OrasCache.class);

  @Test
  void acceptsValidManifestsAndTheirKustomization() throws Exception {
    assertThat(validator.validateDirectory(resource("manifests/valid"))).isEmpty();
  }

  @Test
  void reportsEachKindOfMistakeWithFileAndPlace() throws Exception {
    List<String> findings =
        validator.validateDirectory(resource("manifests/invalid")).stream()
            .map(Object::toString)
            .toList();

    assertThat(findings)
        .anySatisfy(
            f ->
                assertThat(f)
                    .contains(
                        "typo.yaml", "unknown field Deployment.spec.template.spec.contianers"))
        .anySatisfy(
            f -> assertThat(f).contains("wrong-type.yaml", "does not match the Deployment schema"))
        .anySatisfy(
            f ->
                assertThat(f)
                    .contains("unknown-kind.yaml", "unknown kind Widget in example.com/v1"))
        .anySatisfy(f -> assertThat(f).contains("no-name.yaml", "ConfigMap has no metadata.name"))
        .anySatisfy(
            f -> assertThat(f).contains("kustomization.yaml", "missing.yaml does not exist"))
        .hasSize(5);
  }

  @Test
  void anOrasCacheWithATypoIsCaughtWhenTheClassIsRegistered(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("cache.yaml"),
        "apiVersion: cache.converged-computing.github.io/v1alpha1\nkind: OrasCache\n"
            + "metadata: {name: c}\nspec: {storage: {sise: 1Gi}}\n");

    assertThat(validator.validateDirectory(dir))
        .singleElement()
        .satisfies(f -> assertThat(f.problem()).contains("OrasCache", "sise"));
  }

  /** The operator's own templates, rendered in full, use only fields the schemas know. */
  @Test
  void theRenderedRegistryObjectsAreValid(@TempDir Path dir) throws IOException {
    OrasCache cache =
        TestCaches.withAuth(
            TestCaches.withStorage(TestCaches.cache("team", "artifacts"), "1Gi"), "users");
    KubernetesSerialization yaml = new KubernetesSerialization();
    Files.writeString(
        dir.resolve("statefulset.yaml"), yaml.asYaml(RegistryStatefulSetShape.render(cache)));
    Files.copy(
        RegistryStatefulSetShape.class.getResourceAsStream("service.yaml"),
        dir.resolve("service.yaml"));

    assertThat(validator.validateDirectory(dir)).isEmpty();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ManifestValidatorTest.class.getClassLoader().getResource(name).toURI());
  }
}

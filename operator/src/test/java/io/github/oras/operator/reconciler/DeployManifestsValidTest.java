package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.crd.OrasCache;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in deploy/ against the Kubernetes schemas, as fabric8's model classes carry them:
 * known kinds, typed fields, no unknown fields, names, and a kustomization whose resources exist.
 */
class DeployManifestsValidTest {
  @Test
  void everyManifestInDeployIsAValidKubernetesObject() throws Exception {
    assertThat(new ManifestValidator(OrasCache.class).validateDirectory(Path.of("..", "deploy")))
        .isEmpty();
  }
}

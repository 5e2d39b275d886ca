package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.engine.InjectorConfig;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The workflow cases with the Podman runtime. CI installs Podman (bin/setup) and builds the sidecar
 * and busybox images (bin/images) before the tests, so a missing Podman or image fails here, saying
 * which, rather than skipping.
 */
class PodmanRunCommandIT extends LocalRunContract {
  @Override
  String runtime() {
    return "podman";
  }

  @BeforeAll
  static void podmanAndTheImagesAreThere() throws IOException, InterruptedException {
    for (String image : List.of(InjectorConfig.defaults().sidecarImage(), "busybox:1.36")) {
      Process exists = new ProcessBuilder("podman", "image", "exists", image).inheritIO().start();
      assertThat(exists.waitFor())
          .as(
              "podman image exists "
                  + image
                  + ": the Podman runtime's tests need Podman (bin/setup) and the images bin/images"
                  + " builds")
          .isZero();
    }
  }
}

package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.localregistry.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workflow cases with the Podman runtime, and what only containers run: an OrasCache's registry
 * pod, the JobSet sample. CI installs Podman (bin/setup) and builds the sidecar, busybox and
 * registry images (bin/images) before the tests, so a missing Podman or image fails here, saying
 * which, rather than skipping.
 */
class PodmanRunCommandIT extends LocalRunContract {
  @Override
  String runtime() {
    return "podman";
  }

  @BeforeAll
  static void podmanAndTheImagesAreThere() throws IOException, InterruptedException {
    for (String image :
        List.of(
            InjectorConfig.defaults().sidecarImage(),
            "busybox:1.36",
            "ghcr.io/oras-project/registry:latest")) {
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

  /**
   * No container of the pod is left in Podman's store (the run's names end in -POD-CONTAINER-N).
   */
  @Override
  void assertNothingLeftOf(String pod) throws Exception {
    Process ps =
        new ProcessBuilder(
                "podman", "ps", "--all", "--format", "{{.Names}}", "--filter", "name=-" + pod + "-")
            .redirectErrorStream(true)
            .start();
    String names = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(ps.waitFor()).as(names).isZero();
    assertThat(names).as("containers of pod " + pod + " left behind").isEmpty();
  }

  @Test
  void anOrasCacheWithAuthRunsAsTheOperatorsRegistryPodAndServesTheWorkflow() throws Exception {
    Path cache = cacheWithAuth("pw-right");
    Path results = temp.resolve("results");
    CommandRun run =
        run(
            "-f",
            cache.toString(),
            "-f",
            SAMPLES.resolve("workflow").toString(),
            "--pull",
            "workflow/step2:run-1",
            "--results",
            results.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .containsPattern(
            "registry 127\\.0\\.0\\.1:\\d+ is OrasCache orascache-sample: pod orascache-sample-0 of"
                + " the operator's StatefulSet template, image ghcr.io/oras-project/registry:latest,"
                + " htpasswd auth")
        .doesNotContain("docker-registry, a process");
    assertThat(Files.readString(results.resolve("summary.txt")))
        .isEqualTo("lines: 100 sum: 5050\n");
  }

  @Test
  void theCachesRegistryPodRefusesAPushWithTheWrongPassword() throws Exception {
    Path cache = cacheWithAuth("pw-wrong");
    CommandRun run =
        run(
            "-f",
            cache.toString(),
            "-f",
            SAMPLES.resolve("workflow/step1.yaml").toString(),
            "--pod-timeout",
            "120");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out() + run.err()).containsIgnoringCase("401").contains("oras-push");
  }

  /**
   * The OrasCache the workflow names, with htpasswd auth for user "pusher" with password "pw-right"
   * (bcrypt by htpasswd), and an orasEnv Secret that gives the workloads {@code password}.
   */
  Path cacheWithAuth(String password) throws IOException, InterruptedException {
    Process htpasswd = new ProcessBuilder("htpasswd", "-nbB", "pusher", "pw-right").start();
    String entry =
        new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(htpasswd.waitFor()).as("htpasswd (apache2-utils, bin/setup)").isZero();
    Path file = temp.resolve("cache.yaml");
    Files.writeString(
        file,
        """
        apiVersion: cache.converged-computing.github.io/v1alpha1
        kind: OrasCache
        metadata:
          name: orascache-sample
        spec:
          storage:
            size: 1Gi
          auth:
            htpasswdSecret: cache-htpasswd
          secrets:
            orasEnv: cache-credentials
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: cache-htpasswd
        stringData:
          htpasswd: 'ENTRY'
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: cache-credentials
        stringData:
          ORAS_USER: pusher
          ORAS_PUSH_PASS: PASSWORD
          ORAS_PULL_PASS: PASSWORD
        """
            .replace("ENTRY", entry)
            .replace("PASSWORD", password));
    return file;
  }

  @Test
  void theJobSetSampleRunsBothReplicatedJobsInContainers() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun run =
          run("-f", SAMPLES.resolve("jobset.yaml").toString(), "--registry", registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out())
          .containsPattern("pod simulation-solver-0-0\\s+Completed")
          .containsPattern("pod simulation-monitor-0-0\\s+Completed");
      CommandRun pull =
          CommandRun.of(
              "pull",
              "simulation/solution:run-1",
              temp.resolve("solution").toString(),
              "--registry",
              registry.address());
      assertThat(pull.exitCode()).as(pull.err()).isZero();
      assertThat(Files.readAllLines(temp.resolve("solution/solution/values.txt"))).hasSize(1000);
    }
  }

  @Test
  void theMetricSetsJobSetNamesTheImageItCannotHaveAndItsContainer() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun run =
          run(
              "-f",
              SAMPLES.resolve("jobset-from-metricset.yaml").toString(),
              "--registry",
              registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.err())
          .contains(
              "pod metricset-lammps-l-0-0: image ghcr.io/converged-computing/metric-lammps:latest"
                  + " of container \"launcher\" is not in the local Podman store")
          .doesNotContain("\tat ");
    }
  }
}

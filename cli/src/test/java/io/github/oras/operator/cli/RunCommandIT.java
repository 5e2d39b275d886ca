package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oras.operator.cli.local.LocalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: workloads admitted by the real webhook over HTTPS, pods run as real
 * processes in mount namespaces, artifacts through a real registry (Debian's docker-registry).
 */
class RunCommandIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path SAMPLES = Path.of("..", "samples");

  @TempDir Path temp;

  @Test
  void twoStepWorkflowPassesStepOnesResultToStepTwoAndBringsTheFinalArtifactHome()
      throws IOException {
    Path results = temp.resolve("results");
    CommandRun run =
        CommandRun.of(
            "run",
            "-f",
            SAMPLES.resolve("workflow").toString(),
            "--pull",
            "workflow/step2:run-1",
            "--results",
            results.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("step 1/2 Job/workflow-step1: Completed in")
        .contains("step 2/2 Job/workflow-step2: Completed in")
        .containsPattern("init oras-pull\\s+Completed")
        .containsPattern("oras-push\\s+Completed")
        .contains("summary.txt");
    // step 1 wrote 1..100 into a directory; step 2 pulled it and summed it.
    assertThat(Files.readString(results.resolve("summary.txt")))
        .isEqualTo("lines: 100 sum: 5050\n");
  }

  @Test
  void aFailedStepStopsTheRunAndNothingStaleIsPushedOrPulled() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun first =
          CommandRun.of(
              "run",
              "-f",
              SAMPLES.resolve("workflow/step1.yaml").toString(),
              "--registry",
              registry.address());
      assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
      String before = manifestDigest(registry, "workflow/step1", "run-1");

      Path failing = temp.resolve("failing");
      Files.createDirectories(failing);
      ObjectNode step1 =
          (ObjectNode) YAML.readTree(SAMPLES.resolve("workflow/step1.yaml").toFile());
      ArrayNode command =
          ((ObjectNode) step1.at("/spec/template/spec/containers/0")).putArray("command");
      command.add("sh").add("-c").add("echo partial > results/numbers.txt; exit 4");
      YAML.writeValue(failing.resolve("1-step1.yaml").toFile(), step1);
      Files.copy(SAMPLES.resolve("workflow/step2.yaml"), failing.resolve("2-step2.yaml"));

      CommandRun run =
          CommandRun.of("run", "-f", failing.toString(), "--registry", registry.address());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out())
          .containsPattern("step1\\s+Error \\(exit code 4\\)")
          .containsPattern("oras-push\\s+Error")
          .doesNotContain("step 2/2");
      assertThat(run.err())
          .contains(
              "step 1/2 Job/workflow-step1: pod workflow-step1 ended Error; stopping the run");
      assertThat(manifestDigest(registry, "workflow/step1", "run-1"))
          .as("the failed run's output is not pushed")
          .isEqualTo(before);
      assertThat(manifestStatus(registry, "workflow/step2", "run-1")).isEqualTo(404);
    }
  }

  @Test
  void aRefusedWorkloadExitsTwoWithTheWebhooksMessageAndRunsNothing() throws IOException {
    ObjectNode step1 = (ObjectNode) YAML.readTree(SAMPLES.resolve("workflow/step1.yaml").toFile());
    ((ObjectNode) step1.at("/metadata/annotations"))
        .remove("oras.converged-computing.github.io/output-path");
    Path file = temp.resolve("bad.yaml");
    YAML.writeValue(file.toFile(), step1);
    CommandRun run = CommandRun.of("run", "-f", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("refused by the webhook")
        .contains("output-path")
        .contains("required");
    assertThat(run.out()).doesNotContain("pod workflow-step1");
  }

  @Test
  void theLammpsMetricSetsJobSetPushesItsOutputFileAndDirectory() throws Exception {
    JsonNode jobSet = YAML.readTree(SAMPLES.resolve("jobset-from-metricset.yaml").toFile());
    // Only the launcher's replicated job, with a stand-in for LAMMPS and without the ConfigMap.
    ObjectNode launcherJob = (ObjectNode) jobSet.at("/spec/replicatedJobs/0").deepCopy();
    ObjectNode spec = (ObjectNode) launcherJob.at("/template/spec/template/spec");
    spec.remove("volumes");
    ObjectNode launcher = (ObjectNode) spec.at("/containers/0");
    launcher.remove("volumeMounts");
    launcher
        .putArray("command")
        .add("/bin/sh")
        .add("-c")
        .add(
            "echo 'Step Temp E_pair' ; echo '1 300.0 -1.5'; mkdir -p analysis/rank-0; echo ok > analysis/rank-0/timing.txt");
    ObjectNode fileJobSet = (ObjectNode) jobSet.deepCopy();
    fileJobSet.putObject("spec").putArray("replicatedJobs").add(launcherJob);
    Path fileWorkload = temp.resolve("lammps-file.yaml");
    YAML.writeValue(fileWorkload.toFile(), fileJobSet);

    ObjectNode dirJobSet = fileJobSet.deepCopy();
    ObjectNode annotations =
        (ObjectNode)
            dirJobSet.at("/spec/replicatedJobs/0/template/spec/template/metadata/annotations");
    annotations.put(
        "oras.converged-computing.github.io/output-uri", "metric/lammps-analysis:iter-0");
    annotations.put("oras.converged-computing.github.io/output-path", "analysis");
    ((ObjectNode) dirJobSet.get("metadata")).put("name", "metricset-lammps-analysis");
    Path dirWorkload = temp.resolve("lammps-dir.yaml");
    YAML.writeValue(dirWorkload.toFile(), dirJobSet);

    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun run =
          CommandRun.of(
              "run",
              "-f",
              fileWorkload.toString(),
              "-f",
              dirWorkload.toString(),
              "--registry",
              registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("[metricset-lammps/launcher] 1 300.0 -1.5");

      CommandRun file =
          CommandRun.of(
              "pull",
              "metric/lammps:iter-0",
              temp.resolve("file").toString(),
              "--registry",
              registry.address());
      assertThat(file.exitCode()).as(file.err()).isZero();
      assertThat(Files.readString(temp.resolve("file/lammps.out")))
          .isEqualTo("Step Temp E_pair\n1 300.0 -1.5\n");

      CommandRun dir =
          CommandRun.of(
              "pull",
              "metric/lammps-analysis:iter-0",
              temp.resolve("dir").toString(),
              "--registry",
              registry.address());
      assertThat(dir.exitCode()).as(dir.err()).isZero();
      assertThat(Files.readString(temp.resolve("dir/analysis/rank-0/timing.txt")))
          .isEqualTo("ok\n");
      assertThat(dir.out()).contains("analysis/").contains("timing.txt  (3 bytes)");
    }
  }

  @Test
  void pullingAMissingTagIsAClearError() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun run =
          CommandRun.of(
              "pull",
              "nothing/here:v1",
              temp.resolve("out").toString(),
              "--registry",
              registry.address());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .contains("nothing/here:v1")
          .containsIgnoringCase("not found")
          .doesNotContain("\tat ");
      assertThat(temp.resolve("out"))
          .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }
  }

  private static String manifestDigest(LocalRegistry registry, String repository, String tag)
      throws Exception {
    HttpResponse<Void> response = head(registry, repository, tag);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  private static int manifestStatus(LocalRegistry registry, String repository, String tag)
      throws Exception {
    return head(registry, repository, tag).statusCode();
  }

  private static HttpResponse<Void> head(LocalRegistry registry, String repository, String tag)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://" + registry.address() + "/v2/" + repository + "/manifests/" + tag))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header(
                "Accept", String.join(",", List.of("application/vnd.oci.image.manifest.v1+json")))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
  }
}

package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.localregistry.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The main job end to end with the process runtime: workloads admitted by the real webhook over
 * HTTPS, pods run as real processes in a bubblewrap root of their own, artifacts through a real
 * registry (Debian's docker-registry). The workflow cases are in {@link LocalRunContract}.
 */
class RunCommandIT extends LocalRunContract {
  @Override
  String runtime() {
    return "process";
  }

  @Test
  void aRefusedWorkloadExitsTwoWithTheWebhooksMessageAndRunsNothing() throws IOException {
    ObjectNode step1 = (ObjectNode) YAML.readTree(SAMPLES.resolve("workflow/step1.yaml").toFile());
    ((ObjectNode) step1.at("/metadata/annotations"))
        .remove("oras.converged-computing.github.io/output-path");
    Path file = temp.resolve("bad.yaml");
    YAML.writeValue(file.toFile(), step1);
    CommandRun run = CommandRun.of("run", "--runtime", "process", "-f", file.toString());
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
              "--runtime",
              "process",
              "-f",
              fileWorkload.toString(),
              "-f",
              dirWorkload.toString(),
              "--registry",
              registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("[metricset-lammps-l-0-0/launcher] 1 300.0 -1.5");

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
  void anOrasCacheOfTheFilesIsServedByTheLocalRegistryProcessAndSaysSo() throws IOException {
    CommandRun run =
        CommandRun.of(
            "run",
            "--runtime",
            "process",
            "-f",
            SAMPLES.resolve("orascache.yaml").toString(),
            "-f",
            SAMPLES.resolve("workflow/step1.yaml").toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .containsPattern(
            "registry 127\\.0\\.0\\.1:\\d+ \\(docker-registry, a process of this run\\) is every"
                + " OrasCache")
        .contains(
            "the OrasCaches of the -f files do not run as registry pods with --runtime process"
                + " (--runtime podman runs them)")
        .doesNotContain("OrasCache/orascache-sample")
        .contains("step 1/1 Job/workflow-step1: Completed");
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
}

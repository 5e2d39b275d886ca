package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code inject} on the samples, against golden files in src/test/resources/golden. When the
 * engine's output changes on purpose, regenerate them with {@code mvn -pl cli test
 * -Dgolden.update=true} and review the diff.
 */
class InjectCommandTest {
  private static final Path SAMPLES = Path.of("..", "samples");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  // A fixed image, so that the golden files do not change with the project version (the default
  // image is the build's own, see ImageReferencesTest).
  private static final String IMAGE = "ghcr.io/oras-operator-java/oras-sidecar:0.1.0";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello-world-pod.yaml",
        "job.yaml",
        "job-indexed.yaml",
        "jobset.yaml",
        "jobset-from-metricset.yaml",
        "workflow/step1.yaml",
        "workflow/step2.yaml"
      })
  void samplesInjectAsTheGoldenFilesSay(String sample) throws IOException {
    CommandRun run =
        CommandRun.of(
            "inject",
            "-f",
            SAMPLES.resolve(sample).toString(),
            "-n",
            "lab",
            "--sidecar-image",
            IMAGE);
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path golden = GOLDEN.resolve(sample.replace('/', '-').replace(".yaml", ".injected.yaml"));
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, run.out());
    }
    assertThat(golden).as("golden file; create it with -Dgolden.update=true").exists();
    assertThat(run.out()).isEqualTo(Files.readString(golden));

    CommandRun again =
        CommandRun.withStdin(run.out(), "inject", "-f", "-", "-n", "lab", "--sidecar-image", IMAGE);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .as("injecting the injected output changes nothing")
        .isEqualTo(run.out());
  }

  @Test
  void badAnnotationsExitTwoWithEveryErrorAndPrintNothing() {
    String job =
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: broken
          annotations:
            oras.converged-computing.github.io/oras-cache: cache
            oras.converged-computing.github.io/ouput-uri: out:v1
            oras.converged-computing.github.io/entrypoint: https://example.com/run.sh
        spec:
          template:
            spec:
              containers:
              - name: app
                image: busybox
        """;
    CommandRun run = CommandRun.withStdin(job, "inject", "-f", "-");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("Job/broken")
        .contains("ouput-uri")
        .contains("did you mean output-uri?")
        .contains("entrypoint=\"https://example.com/run.sh\"")
        .contains("launcher and the ORAS client now ship inside the sidecar image")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aMetricSetIsPrintedUnchangedWithWhatWillHappenToItsJobSet() throws IOException {
    String metricSet = Files.readString(SAMPLES.resolve("metricset-lammps.yaml"));
    CommandRun run = CommandRun.withStdin(metricSet, "inject", "-f", "-", "-n", "lab");

    assertThat(run.exitCode()).as(run.err()).isZero();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    assertThat(yaml.readTree(run.out())).isEqualTo(yaml.readTree(metricSet));
    assertThat(run.err())
        .startsWith("note: -: MetricSet/metricset-lammps: the Flux Metrics Operator copies")
        .contains("container launcher will push /opt/lammps/examples/reaxff/HNS/lammps.out")
        .contains("to metric/lammps:iter-0");
  }

  @Test
  void aMetricSetWithBadAnnotationsExitsTwo() throws IOException {
    String metricSet =
        Files.readString(SAMPLES.resolve("metricset-lammps.yaml"))
            .replace("metric/lammps:iter-0", "metric/lammps:iter-{rank}");
    CommandRun run = CommandRun.withStdin(metricSet, "inject", "-f", "-", "-n", "lab");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "error: -: MetricSet/metricset-lammps: oras.converged-computing.github.io/output-uri="
                + "\"metric/lammps:iter-{rank}\": unknown placeholder {rank}");
  }

  @Test
  void aListOfObjectsHasEveryItemInjected() throws IOException {
    CommandRun single =
        CommandRun.of(
            "inject", "-f", SAMPLES.resolve("workflow/step1.yaml").toString(), "-n", "lab");
    String job = Files.readString(SAMPLES.resolve("workflow/step1.yaml"));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode list = yaml.createObjectNode().put("apiVersion", "v1").put("kind", "List");
    list.putArray("items").add(yaml.readTree(job)).add(yaml.readTree(job));
    CommandRun run =
        CommandRun.withStdin(yaml.writeValueAsString(list), "inject", "-f", "-", "-n", "lab");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode out = yaml.readTree(run.out());
    assertThat(out.path("kind").asText()).isEqualTo("List");
    assertThat(out.path("items")).hasSize(2);
    for (JsonNode item : out.path("items")) {
      assertThat(item).isEqualTo(yaml.readTree(single.out()));
    }
  }

  @Test
  void levelsLeaveBarePodsAlone() throws IOException {
    String pod = Files.readString(SAMPLES.resolve("hello-world-pod.yaml"));
    CommandRun run = CommandRun.withStdin(pod, "inject", "-f", "-", "--policies", "job,jobset");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).doesNotContain("oras-pull");
    CommandRun all = CommandRun.withStdin(pod, "inject", "-f", "-");
    assertThat(all.out()).contains("oras-pull");
  }

  @Test
  void unknownPolicyIsAClearError() {
    CommandRun run = CommandRun.withStdin("", "inject", "-f", "-", "--policies", "deployment");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown policy \"deployment\"").doesNotContain("\tat ");
  }

  @Test
  void missingFileAndBadYamlAreClearErrors() {
    assertThat(CommandRun.of("inject", "-f", "no-such.yaml").err())
        .contains("no-such.yaml: no such file");
    CommandRun bad = CommandRun.withStdin("a: [1, 2\n", "inject", "-f", "-");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("is not valid YAML");
  }

  @Test
  void policiesListsTheBuiltInsAndTheActiveOnes() {
    CommandRun run = CommandRun.of("policies", "--policies", "jobset");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("jobset\\s+yes\\s+jobset.x-k8s.io/v1alpha2 JobSet")
        .containsPattern("job\\s+no\\s+batch/v1 CronJob, batch/v1 Job")
        .containsPattern("pod\\s+no\\s+v1 Pod")
        .contains("keep", "cache-subdomain", "fail-on-conflict");
  }
}

package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.api.SidecarContract;
import io.github.oras.operator.cli.local.AdmissionClient;
import io.github.oras.operator.spi.JsonPointers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The sample plugin in samples/custom-policy, built into a jar (see {@link PluginJar}) and loaded
 * from {@code --plugin-dir}: listed by {@code policies}, admitted through by the real webhook over
 * HTTPS, and injected offline by {@code inject} with the same result.
 */
class CustomPolicyPluginIT {
  static final Path PYTORCH_JOB = PluginJar.SAMPLE.resolve("pytorchjob.yaml");
  static final String POLICY_CLASS = "io.github.oras.operator.samples.pytorch.PyTorchJobPolicy";
  static final String MASTER =
      JsonPointers.of("spec", "pytorchReplicaSpecs", "Master", "template", "spec");
  static final String WORKER = JsonPointers.of("spec", "pytorchReplicaSpecs", "Worker", "template");

  @TempDir static Path work;
  static Path plugins;

  @BeforeAll
  static void buildThePlugin() throws IOException {
    plugins = work.resolve("plugins");
    PluginJar.sample(work, plugins);
  }

  @Test
  void thePluginIsNotOnTheClassPathButComesFromTheDirectory() {
    assertThatThrownBy(() -> Class.forName(POLICY_CLASS))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(CommandRun.of("policies").out()).doesNotContain("pytorchjob");

    CommandRun run = CommandRun.of("policies", "--plugin-dir", plugins.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("pytorchjob\\s+yes\\s+kubeflow.org/v1 PyTorchJob")
        .contains("a plugin from samples/custom-policy")
        .containsPattern("job\\s+yes\\s+batch/v1 CronJob, batch/v1 Job")
        .containsPattern("jobset\\s+yes")
        .containsPattern("pod\\s+yes");
  }

  @Test
  void theWebhookAdmitsAPyTorchJobThroughThePluginOverHttps() throws Exception {
    JsonNode job;
    try (InputStream in = Files.newInputStream(PYTORCH_JOB)) {
      job = YamlDocuments.read(in).get(0);
    }
    JsonNode admitted = admitThroughWebhookCommand(job);

    JsonNode master = JsonPointers.at(admitted, MASTER);
    assertThat(names(master.path("initContainers")))
        .containsExactly(SidecarContract.PULL_CONTAINER, SidecarContract.PUSH_CONTAINER);
    assertThat(names(master.path("containers"))).containsExactly("pytorch");
    assertThat(master.path("containers").get(0).path("command").get(1).asText())
        .isEqualTo(SidecarContract.LAUNCHER);
    assertThat(master.path("containers").get(0).path("command").toString())
        .contains("/opt/mnist/train.py");
    assertThat(names(master.path("volumes"))).contains(SidecarContract.VOLUME);
    assertThat(JsonPointers.at(admitted, WORKER))
        .as("the un-annotated Worker template")
        .isEqualTo(JsonPointers.at(job, WORKER));

    CommandRun inject =
        CommandRun.of(
            "inject",
            "--plugin-dir",
            plugins.toString(),
            "-f",
            PYTORCH_JOB.toString(),
            "-n",
            "lab");
    assertThat(inject.exitCode()).as(inject.err()).isZero();
    List<JsonNode> injected =
        YamlDocuments.read(new ByteArrayInputStream(inject.out().getBytes(StandardCharsets.UTF_8)));
    assertThat(injected).as("inject prints what the webhook admits").containsExactly(admitted);
  }

  /**
   * Runs {@code oras-operator webhook --plugin-dir} on a free port and posts {@code object} to it.
   */
  private static JsonNode admitThroughWebhookCommand(JsonNode object) throws Exception {
    Path tls = work.resolve("tls");
    WebhookCommand webhook = new WebhookCommand();
    CommandLine command = new CommandLine(webhook);
    command.setOut(new PrintWriter(new StringWriter()));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                command.execute(
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--self-signed",
                    tls.toString(),
                    "--plugin-dir",
                    plugins.toString()));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!webhook.ready()) {
        assertThat(exit).as("the webhook exited early").isNotDone();
        assertThat(System.nanoTime()).as("the webhook did not start in 30 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      AdmissionClient client =
          new AdmissionClient(
              URI.create("https://localhost:" + webhook.port() + "/mutate"), tls.resolve("ca.crt"));
      AdmissionClient.Admission admission = client.admit(object, "lab");
      assertThat(admission.allowed()).as(admission.message()).isTrue();
      return admission.object();
    } finally {
      webhook.stop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  private static List<String> names(JsonNode items) {
    List<String> names = new ArrayList<>();
    items.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }
}

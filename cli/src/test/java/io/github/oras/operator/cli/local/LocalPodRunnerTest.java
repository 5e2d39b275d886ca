package io.github.oras.operator.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes in real mount namespaces (the CI runs as root). */
class LocalPodRunnerTest {
  @TempDir Path scratch;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  private PodResult run(String podSpecYaml) throws Exception {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(podSpecYaml);
    LocalPod pod = LocalPod.of("p", spec, scratch, scratch.toString());
    return new LocalPodRunner(scratch, false, log, Duration.ofSeconds(60)).run(pod);
  }

  @Test
  void initContainersRunFirstAndEmptyDirIsSharedAtItsRealPath() throws Exception {
    String share = "/mnt/oras-runner-test-" + UUID.randomUUID();
    PodResult result =
        run(
            """
            volumes:
            - name: share
              emptyDir: {}
            initContainers:
            - name: init
              command: [sh, -c, 'echo "$1" > "$2/from-init"', sh, 'hello $(GREETING) it''s "me"', SHARE]
              env:
              - name: GREETING
                value: world
              volumeMounts:
              - name: share
                mountPath: SHARE
            containers:
            - name: reader
              workingDir: /work-runner-test
              command: [sh, -c, 'cat "$1/from-init" && pwd', sh, SHARE]
              volumeMounts:
              - name: share
                mountPath: SHARE
            - name: failing
              command: [sh, -c, 'exit 3']
            """
                .replace("SHARE", share));
    String logs = logBytes.toString(StandardCharsets.UTF_8);
    assertThat(logs)
        .contains("[p/reader] hello world it's \"me\"")
        .contains("[p/reader] /work-runner-test");
    assertThat(result.initContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo("Completed"));
    assertThat(result.containers())
        .extracting(ContainerResult::status)
        .containsExactly("Completed", "Error (exit code 3)");
    assertThat(result.status()).isEqualTo("Error");
    assertThat(Files.exists(Path.of(share, "from-init")))
        .as("the bind mount stays private to the container")
        .isFalse();
    assertThat(Path.of(share)).as("mount points the runner created are removed").doesNotExist();
    assertThat(Path.of("/work-runner-test")).doesNotExist();
  }

  @Test
  void failedInitContainerStopsThePod() throws Exception {
    PodResult result =
        run(
            """
            initContainers:
            - name: init
              command: [sh, -c, 'exit 7']
            containers:
            - name: app
              command: [sh, -c, 'echo should not run']
            """);
    assertThat(result.status()).isEqualTo("Init:Error");
    assertThat(result.containers()).isEmpty();
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain("should not run");
  }

  @Test
  void volumesTheRunnerCannotReproduceAreRefusedByName() {
    assertThatThrownBy(
            () ->
                run(
                    """
                    volumes:
                    - name: data
                      persistentVolumeClaim: {claimName: x}
                    containers:
                    - name: app
                      command: [date]
                    """))
        .hasMessageContaining("volume \"data\" is not an emptyDir");
  }
}

package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oras.operator.cli.local.LocalPod;
import io.github.oras.operator.cli.local.PodLifecycle;
import io.github.oras.operator.cli.local.PodResult;
import io.github.oras.operator.cli.local.ProcessRuntime;
import io.github.oras.operator.cli.local.SidecarClassArchive;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process runtime's sidecar JVMs map their classes from the archive the runner builds on the
 * host (as the image's JVMs map the one built into it), and no container can write it.
 */
@Timeout(180)
class SidecarClassArchiveIT {
  @TempDir Path scratch;
  @TempDir Path cache;

  @Test
  void sidecarContainersMapTheArchiveBuiltOnTheHostAndCannotWriteIt() throws Exception {
    Path wrapper = Home.locate().resolve("sidecar/bin/oras-sidecar").toAbsolutePath();
    assertThat(Home.locate().resolve("sidecar/target/oras-sidecar.jar")).isRegularFile();
    Path archives = cache.resolve("cds");
    Optional<Path> prepared =
        SidecarClassArchive.prepare(wrapper, Map.of("ORAS_CDS_DIR", archives.toString()));
    assertThat(prepared).contains(archives);
    assertThat(Files.list(archives).map(p -> p.getFileName().toString()))
        .singleElement()
        .satisfies(name -> assertThat(name).endsWith(".jsa"));

    Path bin = Files.createDirectories(scratch.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("oras-sidecar"), wrapper);
    ProcessRuntime runtime =
        new ProcessRuntime(
            List.of(Home.locate().toAbsolutePath()), bin, RuntimeSelection.isRoot(), prepared);
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    JsonNode spec =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                """
                restartPolicy: Never
                containers:
                - name: sidecar
                  command: [oras-sidecar, --version]
                  env:
                  - name: JAVA_OPTS
                    value: -Xlog:class+load=info:stdout
                - name: tamper
                  command: [sh, -c, 'echo x > "$ORAS_CDS_DIR/planted.jsa" || echo refused']
                """);
    PodResult result =
        new PodLifecycle(
                runtime,
                new PrintStream(logBytes, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(120))
            .run(LocalPod.of("p", spec, scratch.resolve("pod")));
    String logs = logBytes.toString(StandardCharsets.UTF_8);

    assertThat(result.status()).as(logs).isEqualTo("Completed");
    assertThat(logs)
        .as("the sidecar's main class comes from the archive, not the jar")
        .contains("io.github.oras.operator.sidecar.Main source: shared objects file");
    assertThat(logs).contains("[p/tamper] refused");
    assertThat(archives.resolve("planted.jsa")).doesNotExist();
  }
}

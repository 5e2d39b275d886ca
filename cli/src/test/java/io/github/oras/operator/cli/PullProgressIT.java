package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.localregistry.LocalRegistry;
import io.github.oras.operator.sidecar.ArtifactPusher;
import io.github.oras.operator.sidecar.Console;
import io.github.oras.operator.sidecar.RegistryClient;
import io.github.oras.operator.sidecar.RegistryEndpoint;
import io.github.oras.operator.sidecar.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line of {@code oras-operator pull}, run as a real process: a pseudo-terminal
 * (util-linux {@code script}) gets one line rewritten in place, a pipe gets none.
 */
@Timeout(180)
class PullProgressIT {
  @TempDir static Path tmp;
  static LocalRegistry registry;
  static String ref;

  @BeforeAll
  static void pushAnArtifact() throws Exception {
    registry = LocalRegistry.start(tmp.resolve("registry"));
    Path file = Files.write(tmp.resolve("data.bin"), new byte[3 << 20]);
    ref = registry.address() + "/progress/data:v1";
    new ArtifactPusher(
            new RegistryClient(
                RegistryEndpoint.of(registry.address(), true, java.util.Optional.empty())),
            RetryPolicy.NONE,
            Console.quiet())
        .push(file, ArtifactReference.parse(ref));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aTerminalGetsOneProgressLine() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is missing");
    String output = pull(true, tmp.resolve("tty"));
    assertThat(output).contains("\rpulling ").contains("3.0 MiB / 3.0 MiB");
    String progress = output.substring(output.indexOf("\rpulling"));
    assertThat(progress.substring(0, progress.indexOf('\n')))
        .as("one line, rewritten in place")
        .doesNotContain("\n");
    assertThat(tmp.resolve("tty/data.bin")).hasSize(3 << 20);
  }

  @Test
  void aPipeGetsNoProgressLine() throws Exception {
    String output = pull(false, tmp.resolve("pipe"));
    assertThat(output).doesNotContain("\r").doesNotContain("MiB/s").contains("data.bin");
    assertThat(tmp.resolve("pipe/data.bin")).hasSize(3 << 20);
  }

  /** Runs {@code oras-operator pull REF DIR}; through {@code script -qefc} when {@code tty}. */
  private static String pull(boolean tty, Path directory) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "pull",
            ref,
            directory.toString());
    ProcessBuilder builder =
        tty
            ? new ProcessBuilder("/usr/bin/script", "-qefc", shell(command), "/dev/null")
            : new ProcessBuilder(command);
    Path log = Files.createTempFile(tmp, "pull-", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the pull finished").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static String shell(List<String> words) {
    List<String> quoted = new ArrayList<>();
    for (String word : words) {
      quoted.add("'" + word.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }
}

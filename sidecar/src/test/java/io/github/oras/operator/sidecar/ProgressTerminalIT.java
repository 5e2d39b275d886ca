package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * The progress line of {@code oras-sidecar push|pull}, run as a real process: a pipe gets none, a
 * pseudo-terminal (util-linux {@code script}) gets one line rewritten with carriage returns.
 */
@Timeout(180)
class ProgressTerminalIT {
  @TempDir static Path tmp;
  static TestRegistry registry;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plain(tmp.resolve("registry"));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aPipeGetsNoProgressLine() throws Exception {
    Path file = Files.write(tmp.resolve("piped.bin"), new byte[3 << 20]);
    String ref = registry.host() + "/progress/piped:v1";
    String push = run(false, "push", "--plain-http", file.toString(), ref);
    String pull = run(false, "pull", "--plain-http", ref, tmp.resolve("out-pipe").toString());
    assertThat(push).contains("pushed piped.bin").doesNotContain("\r").doesNotContain("MiB/s");
    assertThat(pull).contains("pulled ").doesNotContain("\r").doesNotContain("MiB/s");
  }

  @Test
  void aTerminalGetsOneProgressLine() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is missing");
    Path file = Files.write(tmp.resolve("tty.bin"), new byte[3 << 20]);
    String ref = registry.host() + "/progress/tty:v1";
    String push = run(true, "push", "--plain-http", file.toString(), ref);
    String pull = run(true, "pull", "--plain-http", ref, tmp.resolve("out-tty").toString());
    assertThat(push)
        .contains("\rpushing tty.bin  ")
        .contains(" / 3.0 MiB")
        .contains("3.0 MiB / 3.0 MiB");
    assertThat(pull).contains("\rpulling " + ref + "  ").contains("3.0 MiB / 3.0 MiB");
    // One line: rewritten in place, ended by one newline before the result.
    String progress = push.substring(push.indexOf("\rpushing"), push.indexOf("pushed tty.bin"));
    assertThat(progress.chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }

  /** Runs the sidecar; through {@code script -qc} on a pseudo-terminal when {@code tty}. */
  private static String run(boolean tty, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(tmp, "progress-", ".log");
    ProcessBuilder builder;
    if (tty) {
      builder =
          new ProcessBuilder(
              "/usr/bin/script", "-qefc", String.join(" ", quoted(command)), "/dev/null");
    } else {
      builder = new ProcessBuilder(command);
    }
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(log.toFile())
            .start();
    process.getOutputStream().close();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the sidecar finished").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static List<String> quoted(List<String> words) {
    return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList();
  }
}

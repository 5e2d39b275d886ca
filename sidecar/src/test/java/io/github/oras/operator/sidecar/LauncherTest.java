package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.SidecarContract;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script run by a real {@code /bin/sh}, as the app container runs it. */
class LauncherTest {
  /** Values a shell would mangle if the launcher ever built a command line from strings. */
  static final List<String> HOSTILE =
      List.of(
          "a b",
          "",
          "it's",
          "\"quoted\"",
          "$HOME",
          "$(touch pwned)",
          "`touch pwned`",
          "line1\nline2",
          "*",
          "-n",
          "--",
          "; rm -rf /",
          "ünï©ødé",
          "back\\slash",
          "tab\there",
          "trailing\n");

  @TempDir Path share;
  @TempDir Path work;
  Path launcher;

  @BeforeEach
  void install() throws Exception {
    launcher = LauncherScript.installInto(share);
  }

  record Run(int exitCode, String stdout, String stderr) {}

  Run launch(Map<String, String> extraEnv, byte[] stdin, String... argv) throws Exception {
    List<String> command = new ArrayList<>(List.of("/bin/sh", launcher.toString(), "--"));
    command.addAll(List.of(argv));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = builder.environment();
    env.put(SidecarContract.ENV_SHARE, share.toString());
    env.putAll(extraEnv);
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errors = new Thread(() -> copy(process.getErrorStream(), err));
    errors.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    errors.join();
    return new Run(process.exitValue(), out, err.toString(StandardCharsets.UTF_8));
  }

  Run launch(Map<String, String> env, String... argv) throws Exception {
    return launch(env, new byte[0], argv);
  }

  private static void copy(java.io.InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The exit code in the done file, after checking that its run id is there. */
  String doneFile() throws Exception {
    String line = Files.readString(share.resolve(SidecarContract.DONE_FILE)).strip();
    assertThat(line).matches("[0-9a-f-]{36} [0-9]{1,3}");
    return line.substring(line.indexOf(' ') + 1);
  }

  @Test
  void exitCodesPropagateToTheContainerAndTheDoneFile() throws Exception {
    for (int code : new int[] {0, 1, 7, 255}) {
      Run run = launch(Map.of(), "/bin/sh", "-c", "exit " + code);
      assertThat(run.exitCode()).isEqualTo(code);
      assertThat(doneFile()).isEqualTo(Integer.toString(code));
    }
    Run missing = launch(Map.of(), "/no/such/program");
    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(doneFile()).isEqualTo("127");
  }

  @Test
  void argvSurvivesByteForByte() throws Exception {
    Path record = work.resolve("argv $x 'q' \"d\"\nnl.bin");
    List<String> argv =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                "-c",
                "out=$1; shift; for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$out\"",
                "sh",
                record.toString()));
    argv.addAll(HOSTILE);
    Run run = launch(Map.of(), argv.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (String arg : HOSTILE) {
      expected.write(arg.getBytes(StandardCharsets.UTF_8));
      expected.write(0);
    }
    assertThat(Files.readAllBytes(record)).isEqualTo(expected.toByteArray());
    assertThat(work.resolve("pwned")).doesNotExist();
  }

  @Test
  void inputsMoveIntoAHostileInputPathAndAHostileOutputPathIsHandedOver() throws Exception {
    Trees.write(share.resolve("inputs/hello.txt"), "hello");
    Trees.write(share.resolve("inputs/data dir/nested $x.txt"), "nested");
    Trees.write(share.resolve("inputs/.hidden"), "hidden");
    String inputPath = "in put/$HOME 'q' \"d\"\nnl";
    String outputPath = "out dir/$(touch pwned) `x`\n\"r\"";
    Run run =
        launch(
            Map.of(
                SidecarContract.ENV_INPUT_PATH,
                inputPath,
                SidecarContract.ENV_OUTPUT_PATH,
                outputPath),
            "/bin/sh",
            "-c",
            "mkdir -p \"$ORAS_OUTPUT_PATH\" && cat \"$ORAS_INPUT_PATH/hello.txt\""
                + " \"$ORAS_INPUT_PATH/data dir/nested \\$x.txt\" > \"$ORAS_OUTPUT_PATH/joined.txt\"");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(work.resolve(inputPath).resolve(".hidden")).hasContent("hidden");
    assertThat(share.resolve("inputs")).isEmptyDirectory();
    Path handedOver = share.resolve("outputs").resolve("$(touch pwned) `x`\n\"r\"");
    assertThat(handedOver.resolve("joined.txt")).hasContent("hellonested");
    assertThat(doneFile()).isEqualTo("0");
    assertThat(work.resolve("pwned")).doesNotExist();
  }

  @Test
  void absoluteOutputFileIsCopiedUnderItsName() throws Exception {
    Path result = Trees.write(work.resolve("results/score.json"), "{}");
    Run run = launch(Map.of(SidecarContract.ENV_OUTPUT_PATH, result.toString()), "/bin/true");
    assertThat(run.exitCode()).isZero();
    assertThat(share.resolve("outputs/score.json")).hasContent("{}");
  }

  @Test
  void missingOutputPathIsAClearFailureAndNothingIsHandedOver() throws Exception {
    Run run = launch(Map.of(SidecarContract.ENV_OUTPUT_PATH, "never/made"), "/bin/true");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("the output path never/made does not exist");
    assertThat(doneFile()).isEqualTo("1");
    assertThat(share.resolve("outputs")).doesNotExist();

    Run failed =
        launch(Map.of(SidecarContract.ENV_OUTPUT_PATH, "never/made"), "/bin/sh", "-c", "exit 5");
    assertThat(failed.exitCode()).as("the app's own failure wins").isEqualTo(5);
  }

  @Test
  void outputPipeTeesStdoutAndStderrAndKeepsTheExitCode() throws Exception {
    Run run =
        launch(
            Map.of(SidecarContract.ENV_OUTPUT_PIPE, "logs dir/app's log.txt"),
            "/bin/sh",
            "-c",
            "echo to-stdout; echo to-stderr >&2; exit 3");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.stdout()).contains("to-stdout", "to-stderr");
    assertThat(Files.readString(work.resolve("logs dir/app's log.txt")))
        .contains("to-stdout", "to-stderr");
    assertThat(doneFile()).isEqualTo("3");
  }

  @Test
  void theAppReadsTheLaunchersStdin() throws Exception {
    Run run =
        launch(
            Map.of(),
            "piped input".getBytes(StandardCharsets.UTF_8),
            "/bin/sh",
            "-c",
            "cat > got.txt");
    assertThat(run.exitCode()).isZero();
    assertThat(work.resolve("got.txt")).hasContent("piped input");
  }

  @Test
  void aClosedStdinDoesNotStopTheLauncher() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "exec /bin/sh \"$0\" -- /bin/sh -c 'exit 6' <&-",
                launcher.toString())
            .directory(work.toFile());
    builder.environment().put(SidecarContract.ENV_SHARE, share.toString());
    Process process = builder.start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(6);
    assertThat(doneFile()).isEqualTo("6");
  }

  @Test
  void terminationIsPassedToTheAppAndRecorded() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh",
                launcher.toString(),
                "--",
                "/bin/sh",
                "-c",
                "trap 'echo got-term > term.txt; exit 42' TERM; touch started; while :; do sleep 0.05; done")
            .directory(work.toFile());
    builder.environment().put(SidecarContract.ENV_SHARE, share.toString());
    Process process = builder.start();
    for (int i = 0; i < 200 && !Files.exists(work.resolve("started")); i++) {
      Thread.sleep(25);
    }
    process.destroy(); // SIGTERM to the launcher
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(42);
    assertThat(work.resolve("term.txt")).hasContent("got-term");
    assertThat(doneFile()).isEqualTo("42");
  }

  @Test
  void usageErrorsStillWriteTheDoneFile() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", launcher.toString(), "/bin/true").directory(work.toFile());
    builder.environment().put(SidecarContract.ENV_SHARE, share.toString());
    Process process = builder.start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(new String(process.getErrorStream().readAllBytes()))
        .contains("usage: oras-launcher.sh -- COMMAND");
    assertThat(doneFile()).isEqualTo("2");
  }

  @Test
  void theLauncherIsAnExecutablePosixScriptInTheShare() throws Exception {
    assertThat(launcher).isEqualTo(share.resolve("oras-launcher.sh"));
    assertThat(Files.isExecutable(launcher)).isTrue();
    Process check = new ProcessBuilder("/bin/sh", "-n", launcher.toString()).start();
    assertThat(check.waitFor()).as("sh -n accepts the script").isZero();
  }
}

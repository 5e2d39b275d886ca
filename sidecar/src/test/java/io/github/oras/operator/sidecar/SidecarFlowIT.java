package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.SidecarContract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's life on one machine: {@code oras-sidecar pull} as the init container, the launcher
 * around a real app, {@code oras-sidecar push} waiting as the sidecar, a real registry behind them.
 */
class SidecarFlowIT {
  @TempDir static Path registryDir;
  static TestRegistry registry;
  @TempDir Path share;
  @TempDir Path work;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plain(registryDir);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  record Result(int exitCode, String stderr) {}

  static Result oras(Map<String, String> env, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            env,
            new PrintStream(java.io.OutputStream.nullOutputStream()),
            new PrintStream(err, true));
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }

  Map<String, String> podEnv(String... pairs) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                SidecarContract.ENV_SHARE, share.toString(),
                SidecarContract.ENV_REGISTRY, registry.host(),
                SidecarContract.ENV_PLAIN_HTTP, "true"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  int launch(Map<String, String> env, String... argv) throws Exception {
    return launchAs(List.of(), env, argv);
  }

  /** Runs the launcher, prefixed by e.g. setpriv to run it as another user. */
  int launchAs(List<String> prefix, Map<String, String> env, String... argv) throws Exception {
    List<String> command = new java.util.ArrayList<>(prefix);
    command.addAll(List.of("/bin/sh", share.resolve("oras-launcher.sh").toString(), "--"));
    command.addAll(List.of(argv));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).inheritIO();
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  CompletableFuture<Result> sidecar(Map<String, String> env) {
    return CompletableFuture.supplyAsync(() -> oras(env, "push"));
  }

  @Test
  void inputsArrivePushFollowsTheAppAndTheOutputIsInTheRegistry() throws Exception {
    Trees.write(tmp.resolve("one/config.txt"), "alpha");
    Trees.write(tmp.resolve("two/table.csv"), "1,2,3\n");
    assertThat(
            oras(
                    podEnv(),
                    "push",
                    tmp.resolve("one/config.txt").toString(),
                    registry.host() + "/flow/one:v1")
                .exitCode())
        .isZero();
    assertThat(oras(podEnv(), "push", tmp.resolve("two").toString(), "flow/two:v1").exitCode())
        .isZero();

    Map<String, String> env =
        podEnv(
            "ORAS_INPUT_URI_1",
            registry.host() + "/flow/one:v1",
            "ORAS_INPUT_URI_2",
            "flow/two:v1",
            SidecarContract.ENV_OUTPUT_URI,
            registry.host() + "/flow/result:v1",
            SidecarContract.ENV_INPUT_PATH,
            "in",
            SidecarContract.ENV_OUTPUT_PATH,
            "out");
    Result init = oras(env, "pull");
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    assertThat(share.resolve(SidecarContract.INIT_FILE)).exists();
    assertThat(share.resolve("inputs/config.txt")).hasContent("alpha");
    assertThat(share.resolve("inputs/two/table.csv")).hasContent("1,2,3\n");

    CompletableFuture<Result> pushing = sidecar(env);
    int app =
        launch(
            env,
            "/bin/sh",
            "-c",
            "mkdir out && cat in/config.txt in/two/table.csv > out/combined.txt");
    assertThat(app).isZero();
    Result pushed = pushing.get(60, TimeUnit.SECONDS);
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    assertThat(pushed.stderr()).contains("pushed out");

    Path home = tmp.resolve("home");
    Result back =
        oras(
            podEnv(), "pull", "--plain-http", registry.host() + "/flow/result:v1", home.toString());
    assertThat(back.exitCode()).as(back.stderr()).isZero();
    assertThat(home.resolve("out/combined.txt")).hasContent("alpha1,2,3\n");
  }

  @Test
  void anAppRunningAsAnotherUserCanMoveTheInputsAndHandOverItsOutput() throws Exception {
    Path dir = tmp.resolve("tree");
    Trees.write(dir.resolve("deep/er/data.txt"), "shared");
    Files.setPosixFilePermissions(
        dir.resolve("deep/er/data.txt"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(oras(podEnv(), "push", dir.toString(), "flow/tree:v1").exitCode()).isZero();
    // The share is an emptyDir (world-writable); the app's working directory belongs to the app's
    // user.
    for (Path open : List.of(share, work)) {
      Files.setPosixFilePermissions(
          open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    Map<String, String> env =
        podEnv(
            "ORAS_INPUT_URI_1",
            "flow/tree:v1",
            SidecarContract.ENV_OUTPUT_URI,
            "flow/tree-out:v1",
            SidecarContract.ENV_OUTPUT_PATH,
            "result");
    assertThat(oras(env, "pull").exitCode()).isZero();
    CompletableFuture<Result> pushing = sidecar(env);
    int app =
        launchAs(
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
            env,
            "/bin/sh",
            "-c",
            "mkdir result && cp tree/deep/er/data.txt result/ && test -z \"$(ls -A $ORAS_SHARE/inputs)\"");
    assertThat(app).isZero();
    assertThat(pushing.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(work.resolve("tree/deep/er/data.txt")).hasContent("shared");
    assertThat(share.resolve("outputs/result/data.txt")).hasContent("shared");
  }

  @Test
  void aFailedAppIsNotPushedAndTheSidecarFails() throws Exception {
    Map<String, String> env =
        podEnv(
            SidecarContract.ENV_OUTPUT_URI,
            "flow/failed:v1",
            SidecarContract.ENV_OUTPUT_PATH,
            "out.txt");
    assertThat(oras(env, "pull").exitCode()).isZero();
    CompletableFuture<Result> pushing = sidecar(env);
    assertThat(launch(env, "/bin/sh", "-c", "echo partial > out.txt; exit 3")).isEqualTo(3);
    Result result = pushing.get(60, TimeUnit.SECONDS);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr()).contains("the app exited with code 3: not pushing");
    assertThat(registry.api().manifestStatus("flow/failed", "v1")).isEqualTo(404);
  }

  @Test
  void pushOnFailurePushesButStillReportsTheFailure() throws Exception {
    Map<String, String> env =
        podEnv(
            SidecarContract.ENV_OUTPUT_URI,
            "flow/partial:v1",
            SidecarContract.ENV_OUTPUT_PATH,
            "out.txt",
            SidecarContract.ENV_PUSH_ON_FAILURE,
            "true");
    assertThat(oras(env, "pull").exitCode()).isZero();
    CompletableFuture<Result> pushing = sidecar(env);
    assertThat(launch(env, "/bin/sh", "-c", "echo partial > out.txt; exit 4")).isEqualTo(4);
    assertThat(pushing.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(4);
    assertThat(
            registry
                .api()
                .manifest("flow/partial", "v1")
                .path("layers")
                .get(0)
                .path("annotations")
                .path("org.opencontainers.image.title")
                .asText())
        .isEqualTo("out.txt");
  }

  @Test
  void aMissingOutputPushesNothing() throws Exception {
    Map<String, String> env =
        podEnv(
            SidecarContract.ENV_OUTPUT_URI,
            "flow/missing:v1",
            SidecarContract.ENV_OUTPUT_PATH,
            "not-made");
    assertThat(oras(env, "pull").exitCode()).isZero();
    CompletableFuture<Result> pushing = sidecar(env);
    assertThat(launch(env, "/bin/true")).isEqualTo(1);
    assertThat(pushing.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(1);
    assertThat(registry.api().manifestStatus("flow/missing", "v1")).isEqualTo(404);
  }

  @Test
  void badSettingsAreReportedTogetherWithTheirVariables() {
    Result result =
        oras(
            Map.of(
                SidecarContract.ENV_SHARE,
                share.toString(),
                SidecarContract.ENV_PLAIN_HTTP,
                "yes",
                "ORAS_INPUT_URI_1",
                "Bad Ref",
                "ORAS_INPUT_URI_3",
                "x/y:z"),
            "pull");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("ORAS_INPUT_URI_1:")
        .contains("ORAS_INPUT_URI_3: input references must be numbered")
        .contains("ORAS_PLAIN_HTTP must be true or false, not \"yes\"")
        .doesNotContain("Exception");
    assertThat(share.resolve("inputs")).doesNotExist();
  }

  @Test
  void aMissingInputFailsTheInitContainerWithoutPartialInputs() throws Exception {
    Trees.write(tmp.resolve("present.txt"), "here");
    assertThat(
            oras(podEnv(), "push", tmp.resolve("present.txt").toString(), "flow/present:v1")
                .exitCode())
        .isZero();
    Result result = oras(podEnv("ORAS_INPUT_URI_1", "flow/absent:v1"), "pull");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("flow/absent").contains("not found (404)");
    assertThat(Files.exists(share.resolve("oras-launcher.sh"))).isFalse();
  }
}

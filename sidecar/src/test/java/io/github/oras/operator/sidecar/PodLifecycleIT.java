package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.SidecarContract;
import io.github.oras.operator.localregistry.FreePort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pod's containers as real processes, the way the kubelet treats them: the launcher under the app
 * image's shell (dash or busybox), {@code oras-sidecar push} as its own JVM, a real registry.
 * Killing the app container is SIGKILL to the launcher's whole process tree; stopping a native
 * sidecar is SIGTERM.
 */
class PodLifecycleIT {
  @TempDir static Path registryDir;
  static TestRegistry registry;
  @TempDir Path share;
  @TempDir Path work;
  @TempDir Path logs;
  private final List<Process> started = new ArrayList<>();

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

  @BeforeEach
  void installLauncher() throws Exception {
    LauncherScript.installInto(share);
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(PodLifecycleIT::killTree);
  }

  /** The shells an app image may have as /bin/sh. */
  static Stream<List<String>> shells() {
    return Stream.of(List.of("/usr/bin/dash"), List.of("/usr/bin/busybox", "sh"));
  }

  /** For the slower tests, whose shell-dependent parts the tests above cover in both shells. */
  static Stream<List<String>> dash() {
    return Stream.of(List.of("/usr/bin/dash"));
  }

  Map<String, String> env(String mode, String repository) {
    Map<String, String> env = new HashMap<>();
    env.put(SidecarContract.ENV_SHARE, share.toString());
    env.put(SidecarContract.ENV_REGISTRY, registry.host());
    env.put(SidecarContract.ENV_PLAIN_HTTP, "true");
    env.put(SidecarContract.ENV_OUTPUT_URI, repository + ":v1");
    env.put(SidecarContract.ENV_OUTPUT_PATH, "out.txt");
    env.put(SidecarContract.ENV_SIDECAR_MODE, mode);
    env.put(SidecarContract.ENV_HEARTBEAT_INTERVAL, "1");
    env.put(SidecarContract.ENV_HEARTBEAT_TIMEOUT, "3");
    return env;
  }

  /**
   * Starts {@code oras-sidecar push} and returns once it watches the share (as a startup probe).
   */
  Process sidecar(Map<String, String> env, String name, String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "push",
                "--debug"));
    command.addAll(List.of(options));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    Process process = track(builder.start());
    awaitWaiting(process, logs.resolve(name + ".log"), "the sidecar starts");
    return process;
  }

  /** Returns once the push side's log says it waits for a done file (as a startup probe). */
  static void awaitWaiting(Process process, Path log, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log, StandardCharsets.UTF_8).contains("waiting for")) {
      assertThat(process.isAlive()).as(Files.readString(log, StandardCharsets.UTF_8)).isTrue();
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  Process launcher(List<String> shell, Map<String, String> env, String script, String name)
      throws Exception {
    return track(startLauncher(shell, share, work, logs.resolve(name + ".log"), env, script));
  }

  /**
   * Starts the launcher from {@code share} in the app's place: {@code SHELL launcher -- SHELL -c
   * script} in {@code work}, its output in {@code log}.
   */
  static Process startLauncher(
      List<String> shell, Path share, Path work, Path log, Map<String, String> env, String script)
      throws Exception {
    List<String> command = new ArrayList<>(shell);
    command.addAll(List.of(share.resolve("oras-launcher.sh").toString(), "--", shell.get(0)));
    command.addAll(shell.subList(1, shell.size()));
    command.addAll(List.of("-c", script));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private Process track(Process process) {
    started.add(process);
    return process;
  }

  String log(String name) throws Exception {
    return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
  }

  /** What the kubelet does to a container that is killed: SIGKILL to every process in it. */
  static void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  void awaitFile(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(file)) {
      assertThat(System.nanoTime()).as("waiting for " + file).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  static void assumePresent(List<String> shell) {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(shell.get(0))),
        shell.get(0) + " is not installed (bin/setup installs it)");
  }

  @ParameterizedTest
  @MethodSource("shells")
  void nativeKillingTheAppMidRunEndsTheSidecarAtItsStopAndPushesNothing(List<String> shell)
      throws Exception {
    assumePresent(shell);
    Map<String, String> env = env(SidecarContract.MODE_NATIVE, "life/native-killed");
    Process push = sidecar(env, "push");
    Process app = launcher(shell, env, "echo partial > out.txt; : > started; sleep 60", "app");
    awaitFile(work.resolve("started"));
    killTree(app);
    assertThat(app.waitFor(5, TimeUnit.SECONDS)).isTrue();
    // Every app container has ended: the kubelet stops the native sidecar.
    push.destroy();
    assertThat(push.waitFor(5, TimeUnit.SECONDS)).as(log("push")).isTrue();
    assertThat(push.exitValue()).as(log("push")).isZero();
    assertThat(log("push")).contains("nothing pushed");
    assertThat(registry.api().manifestStatus("life/native-killed", "v1")).isEqualTo(404);
  }

  @ParameterizedTest
  @MethodSource("shells")
  void containerModeKillingTheAppMidRunFailsTheSidecarWithinSecondsAndPushesNothing(
      List<String> shell) throws Exception {
    assumePresent(shell);
    Map<String, String> env = env(SidecarContract.MODE_CONTAINER, "life/container-killed");
    Process push = sidecar(env, "push");
    Process app = launcher(shell, env, "echo partial > out.txt; : > started; sleep 60", "app");
    awaitFile(work.resolve("started"));
    killTree(app);
    long killed = System.nanoTime();
    assertThat(push.waitFor(15, TimeUnit.SECONDS)).as(log("push")).isTrue();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
    assertThat(seconds).as("seconds from the kill to the sidecar's end").isLessThan(10);
    assertThat(push.exitValue()).as(log("push")).isEqualTo(1);
    assertThat(log("push")).contains("the app container died without finishing run");
    assertThat(registry.api().manifestStatus("life/container-killed", "v1")).isEqualTo(404);
  }

  @ParameterizedTest
  @MethodSource("shells")
  void nativeRestartedAppPushesItsOwnOutputNotTheEarlierRunsResult(List<String> shell)
      throws Exception {
    assumePresent(shell);
    Map<String, String> env = env(SidecarContract.MODE_NATIVE, "life/native-restart");
    Process push = sidecar(env, "push");
    Process first = launcher(shell, env, "echo one > out.txt; exit 3", "run1");
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(log("run1")).isEqualTo(3);
    assertThat(share.resolve(SidecarContract.DONE_FILE)).exists();
    // restartPolicy OnFailure: the app container starts again; the native sidecar kept running.
    Process second = launcher(shell, env, "echo two > out.txt", "run2");
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(log("run2") + log("push")).isZero();
    assertThat(pulled("life/native-restart")).isEqualTo("two\n");
    push.destroy();
    assertThat(push.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(push.exitValue()).as(log("push")).isZero();
  }

  @ParameterizedTest
  @MethodSource("dash")
  void containerModeRestartWithAStaleDoneFilePushesTheNewRunsOutput(List<String> shell)
      throws Exception {
    assumePresent(shell);
    Map<String, String> env = env(SidecarContract.MODE_CONTAINER, "life/container-restart");
    Process push1 = sidecar(env, "push1");
    Process first = launcher(shell, env, "echo one > out.txt; exit 3", "run1");
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(push1.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(push1.exitValue()).as(log("push1")).isEqualTo(3);
    // restartPolicy OnFailure: both containers start again, the sidecar first, on the same share.
    Process push2 = sidecar(env, "push2");
    Process second = launcher(shell, env, "sleep 1; echo two > out.txt", "run2");
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(log("run2")).isZero();
    assertThat(push2.waitFor(30, TimeUnit.SECONDS)).as(log("push2")).isTrue();
    assertThat(push2.exitValue()).as(log("push2")).isZero();
    assertThat(pulled("life/container-restart")).isEqualTo("two\n");
  }

  @ParameterizedTest
  @MethodSource("dash")
  void aNativeSidecarRestartedWhileTheLauncherWaitsPushesThatRun(List<String> shell)
      throws Exception {
    assumePresent(shell);
    Map<String, String> env = env(SidecarContract.MODE_NATIVE, "life/native-late");
    Process app = launcher(shell, env, "echo late > out.txt", "app");
    awaitFile(share.resolve(SidecarContract.DONE_FILE));
    assertThat(app.waitFor(1, TimeUnit.SECONDS)).as("the launcher waits for the push").isFalse();
    Process push = sidecar(env, "push");
    assertThat(app.waitFor(30, TimeUnit.SECONDS)).as(log("push")).isTrue();
    assertThat(app.exitValue()).as(log("app")).isZero();
    assertThat(pulled("life/native-late")).isEqualTo("late\n");
    push.destroy();
    assertThat(push.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("dash")
  void aFailedPushFailsTheNativeAppContainerAndSaysSo(List<String> shell) throws Exception {
    assumePresent(shell);
    Map<String, String> env = env(SidecarContract.MODE_NATIVE, "life/unpushable");
    // Nothing listens there: the push fails after its retries.
    env.put(SidecarContract.ENV_REGISTRY, "127.0.0.1:" + FreePort.loopback());
    Process push = sidecar(env, "push", "--retries", "0");
    Process app = launcher(shell, env, "echo x > out.txt", "app");
    assertThat(app.waitFor(60, TimeUnit.SECONDS)).as(log("push")).isTrue();
    assertThat(app.exitValue()).as(log("app")).isEqualTo(1);
    assertThat(log("app")).contains("was not pushed");
    assertThat(log("push")).contains("the push failed");
    push.destroy();
    assertThat(push.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private String pulled(String repository) throws Exception {
    Path home = logs.resolve("home-" + repository.replace('/', '-'));
    int code =
        Main.run(
            new String[] {
              "pull", "--plain-http", registry.host() + "/" + repository + ":v1", home.toString()
            },
            Map.of(),
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
            System.err);
    assertThat(code).isZero();
    return Files.readString(home.resolve("out.txt"));
  }
}

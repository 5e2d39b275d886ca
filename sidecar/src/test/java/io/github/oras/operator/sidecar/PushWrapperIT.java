package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.SidecarContract;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code oras-sidecar} wrapper as a native push sidecar, under dash and busybox sh: it waits
 * for done files in the shell with no JVM running, starts one JVM per run due, and ends at SIGTERM
 * (at once while waiting, after the push while pushing). Real processes, a real registry, the
 * launcher in the app's place.
 */
class PushWrapperIT {
  @TempDir static Path registryDir;
  @TempDir static Path jarDir;
  static TestRegistry registry;
  static Path jar;
  @TempDir Path share;
  @TempDir Path work;
  @TempDir Path logs;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plain(registryDir);
    jar = launcherJar(jarDir);
  }

  @AfterAll
  static void stopRegistry() {
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

  static Stream<List<String>> shells() {
    return PodLifecycleIT.shells();
  }

  /**
   * A jar as the wrapper expects one: Main-Class, and the test class path (this module's classes
   * and its dependencies) as relative Class-Path entries.
   */
  static Path launcherJar(Path dir) throws Exception {
    String classPath =
        Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(Path::of)
            .map(entry -> dir.relativize(entry.toAbsolutePath()).toString())
            .map(entry -> entry.endsWith(".jar") ? entry : entry + "/")
            .collect(Collectors.joining(" "));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    Path jar = dir.resolve("oras-sidecar.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // the manifest is the whole jar
    }
    return jar;
  }

  Map<String, String> env(String repository) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put(SidecarContract.ENV_SHARE, share.toString());
    env.put(SidecarContract.ENV_REGISTRY, registry.host());
    env.put(SidecarContract.ENV_PLAIN_HTTP, "true");
    env.put(SidecarContract.ENV_OUTPUT_URI, repository + ":v1");
    env.put(SidecarContract.ENV_OUTPUT_PATH, "out.txt");
    env.put(SidecarContract.ENV_SIDECAR_MODE, SidecarContract.MODE_NATIVE);
    env.put("ORAS_SIDECAR_JAR", jar.toString());
    env.put("JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=1");
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    return env;
  }

  /** Starts the wrapper and returns once it waits in the shell. */
  Process wrapper(List<String> shell, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(shell);
    command.addAll(
        List.of(Path.of("bin", "oras-sidecar").toAbsolutePath().toString(), "push", "--debug"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve("push.log").toFile());
    builder.environment().putAll(env);
    Process process = track(builder.start());
    PodLifecycleIT.awaitWaiting(process, logs.resolve("push.log"), "the wrapper starts");
    return process;
  }

  Process launcher(List<String> shell, Map<String, String> env, String script, String name)
      throws Exception {
    return track(
        PodLifecycleIT.startLauncher(shell, share, work, logs.resolve(name + ".log"), env, script));
  }

  private Process track(Process process) {
    started.add(process);
    return process;
  }

  String log() throws Exception {
    return Files.readString(logs.resolve("push.log"), StandardCharsets.UTF_8);
  }

  String pushResult() throws Exception {
    return Files.readString(share.resolve(SidecarContract.PUSH_RESULT_FILE)).strip();
  }

  /** The content of the file pushed as the tag v1 of {@code repository}. */
  static String pushedFile(String repository) throws Exception {
    RegistryApi api = registry.api();
    String digest = api.manifest(repository, "v1").path("layers").get(0).path("digest").asText();
    return new String(api.blob(repository, digest), StandardCharsets.UTF_8);
  }

  /** No JVM while waiting: the wrapper's only children are short sleeps. */
  static void assertNoJvm(Process wrapper) {
    assertThat(commandOf(wrapper.toHandle())).doesNotContain("java");
    assertThat(wrapper.descendants().map(PushWrapperIT::commandOf).toList())
        .noneMatch(command -> command.contains("java"));
  }

  /** The JVM of a run ends once it has written the run's result. */
  static void awaitNoJvm(Process wrapper) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (wrapper.descendants().map(PushWrapperIT::commandOf).anyMatch(c -> c.contains("java"))) {
      assertThat(System.nanoTime()).as("the push JVM exits after its run").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String commandOf(ProcessHandle handle) {
    return handle.info().command().orElse("");
  }

  @ParameterizedTest
  @MethodSource("shells")
  void sigtermWhileWaitingEndsTheWrapperAtOnceWithZero(List<String> shell) throws Exception {
    PodLifecycleIT.assumePresent(shell);
    Process push = wrapper(shell, env("wrap/idle"));
    assertNoJvm(push);
    long stop = System.nanoTime();
    push.destroy();
    assertThat(push.waitFor(5, TimeUnit.SECONDS)).as(log()).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop)).isLessThan(1000);
    assertThat(push.exitValue()).as(log()).isZero();
    assertThat(log()).contains("nothing pushed for its last run");
  }

  @ParameterizedTest
  @MethodSource("shells")
  void servesTwoRunsWithAJvmForEachAndNoneBetween(List<String> shell) throws Exception {
    PodLifecycleIT.assumePresent(shell);
    Map<String, String> env = env("wrap/two");
    Process push = wrapper(shell, env);
    for (String content : List.of("first", "second")) {
      Process app = launcher(shell, env, "echo " + content + " > out.txt", content);
      assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(app.exitValue()).as(log()).isZero();
      assertThat(pushResult()).endsWith(" " + SidecarContract.PUSH_PUSHED);
      assertThat(pushedFile("wrap/two")).isEqualTo(content + "\n");
      awaitNoJvm(push);
    }
    push.destroy();
    assertThat(push.waitFor(5, TimeUnit.SECONDS)).as(log()).isTrue();
    assertThat(push.exitValue()).as(log()).isZero();
    assertThat(log()).contains("was already dealt with");
  }

  @ParameterizedTest
  @MethodSource("shells")
  void sigtermDuringAPushLetsItFinishThenExitsZero(List<String> shell) throws Exception {
    PodLifecycleIT.assumePresent(shell);
    Process push = wrapper(shell, env("wrap/term"));
    Path outputs = Files.createDirectories(share.resolve(SidecarContract.OUTPUTS_DIR));
    Files.writeString(outputs.resolve("out.txt"), "late\n");
    Path temporary = share.resolve(".done.tmp");
    Files.writeString(temporary, "run-term 0\n");
    Files.move(temporary, share.resolve(SidecarContract.DONE_FILE), StandardCopyOption.ATOMIC_MOVE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (push.descendants().map(PushWrapperIT::commandOf).noneMatch(c -> c.contains("java"))) {
      assertThat(System.nanoTime()).as("the push JVM starts").isLessThan(deadline);
      Thread.sleep(5);
    }
    push.destroy();
    assertThat(push.waitFor(60, TimeUnit.SECONDS)).as(log()).isTrue();
    assertThat(push.exitValue()).as(log()).isZero();
    assertThat(pushResult()).isEqualTo("run-term " + SidecarContract.PUSH_PUSHED);
    assertThat(pushedFile("wrap/term")).isEqualTo("late\n");
  }

  /**
   * SIGTERM arriving just as a run's JVM ends must not replace the JVM's exit status with the
   * signal's 143 (busybox reaps the JVM inside the interrupted wait). A stand-in {@code java} on
   * the PATH signals the wrapper and exits 3 at once; 30 rounds make the race show.
   */
  @ParameterizedTest
  @MethodSource("shells")
  void sigtermAsTheJvmEndsKeepsTheJvmsExitStatus(List<String> shell) throws Exception {
    PodLifecycleIT.assumePresent(shell);
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nkill -TERM \"$PPID\"\nexit 3\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Map<String, String> env = env("wrap/race");
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    List<String> command = new ArrayList<>(shell);
    command.addAll(List.of(Path.of("bin", "oras-sidecar").toAbsolutePath().toString(), "push"));
    List<Integer> statuses = new ArrayList<>();
    for (int round = 0; round < 30; round++) {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(logs.resolve("race.log").toFile());
      builder.environment().putAll(env);
      Process push = track(builder.start());
      assertThat(push.waitFor(10, TimeUnit.SECONDS)).isTrue();
      statuses.add(push.exitValue());
    }
    assertThat(statuses).containsOnly(3);
  }
}

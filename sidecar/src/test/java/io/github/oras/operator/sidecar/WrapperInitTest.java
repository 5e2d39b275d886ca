package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.SidecarContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wrapper as an init container without inputs (under dash and busybox sh, the image's shell):
 * it sets the share up as the JVM's InitPull would, without starting a JVM; with inputs, or with
 * anything it does not handle, the JVM runs.
 */
class WrapperInitTest {
  @TempDir Path work;

  static Stream<List<String>> shells() {
    return PodLifecycleIT.shells();
  }

  private record Run(int exitCode, String output, List<String> javaCalls) {}

  /**
   * Runs {@code oras-sidecar args} laid out as in the image (jar and launcher beside bin/), with a
   * stand-in {@code java} that records its arguments and fails.
   */
  private Run wrapper(List<String> shell, Map<String, String> env, String... args)
      throws Exception {
    Path image = Files.createDirectories(work.resolve("opt"));
    Path wrapper = image.resolve("bin/oras-sidecar");
    if (!Files.exists(wrapper)) {
      Files.createDirectories(wrapper.getParent());
      Files.copy(Path.of("bin", "oras-sidecar"), wrapper);
      Files.write(image.resolve("oras-launcher.sh"), LauncherScript.bytes());
      Files.writeString(image.resolve("oras-sidecar.jar"), "not a jar");
    }
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path calls = work.resolve("java-calls");
    Files.deleteIfExists(calls);
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$*\" >> \"" + calls + "\"\nexit 7\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    List<String> command = new ArrayList<>(shell);
    command.add(wrapper.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    builder.environment().put("ORAS_CDS_DIR", "");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes());
    return new Run(
        process.exitValue(), output, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
  }

  @ParameterizedTest
  @MethodSource("shells")
  void withoutInputsTheShareIsSetUpAsInitPullDoesWithoutAJvm(List<String> shell) throws Exception {
    Path share = Files.createDirectories(work.resolve("share"));

    Run run = wrapper(shell, Map.of("ORAS_SHARE", share.toString()), "pull");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.javaCalls()).as("no JVM started").isEmpty();
    Path launcher = share.resolve(Path.of(SidecarContract.LAUNCHER).getFileName());
    assertThat(Files.readAllBytes(launcher)).isEqualTo(LauncherScript.bytes());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher)))
        .isEqualTo("rwxr-xr-x");
    Path inputs = share.resolve(SidecarContract.INPUTS_DIR);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inputs)))
        .isEqualTo("rwxrwxrwx");
    Instant written =
        Instant.parse(Files.readString(share.resolve(SidecarContract.INIT_FILE)).strip());
    assertThat(written).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    try (Stream<Path> files = Files.list(share)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no partial launcher left behind")
          .containsExactlyInAnyOrder(
              SidecarContract.INPUTS_DIR,
              launcher.getFileName().toString(),
              SidecarContract.INIT_FILE);
    }
  }

  @ParameterizedTest
  @MethodSource("shells")
  void aLinkLeftAsTheInputsDirectoryIsNotFollowedToOpenWhatItNames(List<String> shell)
      throws Exception {
    Path share = Files.createDirectories(work.resolve("share"));
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
    Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(share.resolve(SidecarContract.INPUTS_DIR), elsewhere);

    Run run = wrapper(shell, Map.of("ORAS_SHARE", share.toString()), "pull");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.javaCalls()).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
        .isEqualTo("rwxr-x---");
  }

  @ParameterizedTest
  @MethodSource("shells")
  void whatIsLeftAtTheLauncherNameIsReplacedNotWrittenInto(List<String> shell) throws Exception {
    Path share = Files.createDirectories(work.resolve("share"));
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
    Path launcher = share.resolve(Path.of(SidecarContract.LAUNCHER).getFileName());
    Files.createSymbolicLink(launcher, elsewhere);

    Run run = wrapper(shell, Map.of("ORAS_SHARE", share.toString()), "pull");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(launcher).isRegularFile();
    assertThat(Files.readAllBytes(launcher)).isEqualTo(LauncherScript.bytes());
    try (Stream<Path> files = Files.list(elsewhere)) {
      assertThat(files).as("nothing moved into the link's directory").isEmpty();
    }

    Files.delete(launcher);
    Files.createDirectories(launcher.resolve("kept"));
    Run onDirectory = wrapper(shell, Map.of("ORAS_SHARE", share.toString()), "pull");

    assertThat(onDirectory.exitCode()).isEqualTo(1);
    assertThat(onDirectory.output()).contains("cannot install the launcher");
    try (Stream<Path> files = Files.list(launcher)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("kept");
    }
  }

  @ParameterizedTest
  @MethodSource("shells")
  void aMissingShareIsRefusedNamingTheVariable(List<String> shell) throws Exception {
    Run run = wrapper(shell, Map.of("ORAS_SHARE", work.resolve("absent").toString()), "pull");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("is not a directory").contains("ORAS_SHARE");
    assertThat(run.javaCalls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("shells")
  void inputsOptionsOrOldStyleInputsGoToTheJvm(List<String> shell) throws Exception {
    Path share = Files.createDirectories(work.resolve("share"));
    for (Map<String, String> env :
        List.of(
            Map.of("ORAS_SHARE", share.toString(), "ORAS_INPUT_URIS", "r.example/a:v1"),
            Map.of("ORAS_SHARE", share.toString(), "ORAS_INPUT_URI_1", "r.example/a:v1"))) {
      Run run = wrapper(shell, env, "pull");
      assertThat(run.javaCalls()).as(env.toString()).hasSize(1);
      assertThat(run.javaCalls().get(0)).endsWith(" pull");
      assertThat(run.exitCode()).isEqualTo(7);
    }
    Run withOption = wrapper(shell, Map.of("ORAS_SHARE", share.toString()), "pull", "--debug");
    assertThat(withOption.javaCalls()).singleElement().asString().endsWith("pull --debug");
    try (Stream<Path> files = Files.list(share)) {
      assertThat(files).as("the JVM's work, not the shell's").isEmpty();
    }
  }
}

package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options the wrapper starts the sidecar with. */
class WrapperJvmOptionsTest {
  @TempDir Path work;

  @Test
  void theJitThresholdsComeFirstSoThatJavaOptsCanOverrideThem() throws Exception {
    assertThat(javaArguments("-XX:Tier4InvocationThreshold=5000"))
        .containsSubsequence(
            "-XX:Tier4InvocationThreshold=80000",
            "-XX:Tier4MinInvocationThreshold=40000",
            "-XX:Tier4CompileThreshold=120000",
            "-XX:Tier4InvocationThreshold=5000",
            "-jar",
            "--version");
  }

  @Test
  void theSerialCollectorUnlessJavaOptsNamesOne() throws Exception {
    assertThat(javaArguments("-Xmx64m")).containsSubsequence("-XX:+UseSerialGC", "-Xmx64m");
    // Two collectors would stop the JVM before it starts.
    assertThat(javaArguments("-Xmx64m -XX:+UseParallelGC"))
        .contains("-XX:+UseParallelGC")
        .doesNotContain("-XX:+UseSerialGC");
  }

  /** The arguments the wrapper gives java for {@code --version} with {@code javaOpts}. */
  private List<String> javaArguments(String javaOpts) throws Exception {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path arguments = work.resolve("arguments");
    Files.deleteIfExists(arguments);
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + arguments + "\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Path jar = Files.writeString(work.resolve("oras-sidecar.jar"), "not a jar");
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh", Path.of("bin", "oras-sidecar").toAbsolutePath().toString(), "--version")
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("ORAS_SIDECAR_JAR", jar.toString());
    builder.environment().put("ORAS_CDS_DIR", "");
    builder.environment().put("JAVA_OPTS", javaOpts);
    Process wrapper = builder.start();
    assertThat(wrapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(wrapper.exitValue())
        .as(new String(wrapper.getInputStream().readAllBytes()))
        .isZero();
    return Files.readAllLines(arguments);
  }

  @Test
  void withoutHomeOrCacheDirectoryNoArchiveIsBuiltOrUsed() throws Exception {
    // The wrapper as the image lays it out (jar and class list beside bin/), so the archive would
    // be its own; run with no HOME, as the local runner's containers are. A fallback home such as
    // /nonexistent is a directory root can create, on a throwaway root file system at that.
    Path image = Files.createDirectories(work.resolve("opt"));
    Path wrapper = Files.createDirectories(image.resolve("bin")).resolve("oras-sidecar");
    Files.copy(Path.of("bin", "oras-sidecar"), wrapper);
    Files.writeString(image.resolve("oras-sidecar.jar"), "not a jar");
    Files.copy(Path.of("cds-classes.lst"), image.resolve("cds-classes.lst"));
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path arguments = work.resolve("arguments");
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"" + arguments + "\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", wrapper.toString(), "--version").redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(new String(process.getInputStream().readAllBytes()))
        .isZero();

    assertThat(Files.readAllLines(arguments))
        .as("one JVM, for --version, and no archive option")
        .containsOnlyOnce("--version")
        .noneMatch(arg -> arg.contains("Archive") || arg.contains("Xshare"));
  }
}

package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a tiny plain-HTTP push and pull load in a fresh JVM (start-up time is mostly class loading):
 * no TLS stack, no JSON data binding, not the JDK's {@code java.net.http} client (about 0.4 s of
 * CPU to load and set up). Counts only; the time is measured in bench/sidecar/tiny.
 */
@Timeout(180)
class StartupClassesIT {
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
  void aPlainHttpPushAndPullLoadNoTlsAndNoDataBinding() throws Exception {
    Path file = Files.writeString(tmp.resolve("tiny.txt"), "abc\n");
    String ref = registry.host() + "/startup/tiny:v1";
    List<String> pushed = loadedClasses("push", "--plain-http", file.toString(), ref);
    List<String> pulled = loadedClasses("pull", "--plain-http", ref, tmp.resolve("out").toString());
    for (List<String> loaded : List.of(pushed, pulled)) {
      assertThat(loaded).as("classes loaded").hasSizeGreaterThan(500);
      assertThat(loaded)
          .as("TLS is set up only when a connection needs it")
          .noneMatch(c -> c.startsWith("sun.security.ssl."))
          .as("JSON through the streaming API only")
          .noneMatch(c -> c.startsWith("com.fasterxml.jackson.databind."))
          .noneMatch(c -> c.startsWith("tools.jackson."))
          .as("small transfers over HttpURLConnection, not java.net.http")
          .noneMatch(c -> c.startsWith("java.net.http.") || c.startsWith("jdk.internal.net.http."))
          .as("no record's generated equals/hashCode/toString (method handles spun on first use)")
          .doesNotContain("java.lang.runtime.ObjectMethods");
    }
    assertThat(Files.readString(tmp.resolve("out/tiny.txt"))).isEqualTo("abc\n");
  }

  /** The init container's pull: settings from the environment, no command-line parser. */
  @Test
  void theInitContainersPullLoadsNoCommandLineParser() throws Exception {
    Path file = Files.writeString(tmp.resolve("input.txt"), "in\n");
    String ref = registry.host() + "/startup/input:v1";
    loadedClasses(Map.of(), "push", "--plain-http", file.toString(), ref);
    Path share = Files.createDirectories(tmp.resolve("share"));
    List<String> loaded =
        loadedClasses(
            Map.of(
                "ORAS_SHARE", share.toString(), "ORAS_PLAIN_HTTP", "true", "ORAS_INPUT_URIS", ref),
            "pull");
    assertThat(loaded)
        .hasSizeGreaterThan(500)
        .noneMatch(c -> c.startsWith("picocli."))
        .noneMatch(c -> c.startsWith("java.net.http."));
    assertThat(Files.readString(share.resolve("inputs/input.txt"))).isEqualTo("in\n");
  }

  private static List<String> loadedClasses(String... args) throws Exception {
    return loadedClasses(Map.of(), args);
  }

  private static List<String> loadedClasses(Map<String, String> env, String... args)
      throws Exception {
    Path log = Files.createTempFile(tmp, "classes-", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("sidecar-" + args[0] + ".out").toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(Files.readString(tmp.resolve("sidecar-" + args[0] + ".out")))
        .isZero();
    List<String> classes = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      String[] words = line.split(" ");
      if (words.length > 1) {
        classes.add(words[1]);
      }
    }
    return classes;
  }
}

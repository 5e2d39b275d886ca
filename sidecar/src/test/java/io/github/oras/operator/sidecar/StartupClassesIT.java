package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

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
 * What a tiny plain-HTTP push and pull load in a fresh JVM (start-up time is mostly class loading):
 * no TLS stack, no JSON data binding. Counts only; the time is measured in bench/sidecar/tiny.
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
          .as("no record's generated equals/hashCode/toString (method handles spun on first use)")
          .doesNotContain("java.lang.runtime.ObjectMethods");
    }
    assertThat(Files.readString(tmp.resolve("out/tiny.txt"))).isEqualTo("abc\n");
  }

  private static List<String> loadedClasses(String... args) throws Exception {
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
    Process process =
        new ProcessBuilder(command)
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

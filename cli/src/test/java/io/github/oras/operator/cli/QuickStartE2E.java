package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's main-job command, exactly as a user types it, run by failsafe after the jar is
 * packaged: {@code bin/demo} from the checkout's root.
 */
class QuickStartE2E {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theQuickStartMainJobRunsTheWorkflowAndBringsTheResultHome() throws Exception {
    Path results = ROOT.resolve("results");
    deleteResults(results);
    Process demo =
        new ProcessBuilder(ROOT.resolve("bin/demo").toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    demo.getOutputStream().close();
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(10, TimeUnit.MINUTES)).isTrue();
    try {
      assertThat(demo.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("step 1/2 Job/workflow-step1: Completed")
          .contains("step 2/2 Job/workflow-step2: Completed")
          .contains("summary.txt");
      assertThat(Files.readString(results.resolve("summary.txt")))
          .isEqualTo("lines: 100 sum: 5050\n");
    } finally {
      deleteResults(results);
    }
  }

  private static void deleteResults(Path results) throws java.io.IOException {
    if (Files.exists(results)) {
      try (var paths = Files.walk(results)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ManifestsCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return new CommandLine(new ManifestsCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void badFailurePolicyIsRefused() {
    assertThat(run("--failure-policy", "Sometimes")).isEqualTo(1);
    assertThat(err.toString())
        .contains("--failure-policy must be Fail or Ignore, got \"Sometimes\"");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void unknownLevelIsRefusedWithTheNamesDiscovered() {
    assertThat(run("--levels", "cronjobs", "--output", dir.resolve("out").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("unknown policy \"cronjobs\"");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void missingCaBundleFileIsNamed() {
    assertThat(run("--ca-bundle", dir.resolve("ca.pem").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("file not found").contains("ca.pem");
  }

  @Test
  void malformedNamespaceSelectorIsNamed() {
    assertThat(run("--namespace-selector", "enabled")).isEqualTo(1);
    assertThat(err.toString()).contains("\"enabled\" is not key=value");
  }
}

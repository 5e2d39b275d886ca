package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad {@code --plugin-dir} stops every command at start-up with one line naming what to fix. */
class PluginDirErrorsTest {
  private static final String POLICIES =
      "META-INF/services/io.github.oras.operator.spi.MutationPolicy";

  @TempDir Path work;

  private static void assertClearFailure(CommandRun run, String prefix, String... fragments) {
    assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith(prefix).doesNotContain("\tat ").doesNotContain("Exception");
    for (String fragment : fragments) {
      assertThat(run.err()).contains(fragment);
    }
  }

  @Test
  void aMissingDirectoryIsNamedByEveryCommand() {
    String missing = work.resolve("no-such-dir").toString();
    String message = "plugin directory " + missing + " does not exist";
    assertClearFailure(
        CommandRun.of("policies", "--plugin-dir", missing), "oras-operator: " + message);
    assertClearFailure(
        CommandRun.withStdin(
            "apiVersion: v1\nkind: Pod\n", "inject", "--plugin-dir", missing, "-f", "-"),
        "oras-operator: " + message);
  }

  @Test
  void theWebhookRefusesToStartAndLeavesNoCertificatesBehind() {
    Path tls = work.resolve("tls");
    String missing = work.resolve("no-such-dir").toString();
    CommandRun run =
        CommandRun.of(
            "webhook", "--port", "0", "--self-signed", tls.toString(), "--plugin-dir", missing);

    assertClearFailure(
        run, "oras-operator webhook: plugin directory " + missing + " does not exist");
    assertThat(tls).doesNotExist();
  }

  @Test
  void aServiceEntryForAMissingClassNamesTheJar() throws IOException {
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Path broken = plugins.resolve("typo.jar");
    try (OutputStream file = Files.newOutputStream(broken);
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry(POLICIES));
      jar.write("com.example.PyTorchJobPolicyy\n".getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    CommandRun run =
        CommandRun.withStdin("", "inject", "--plugin-dir", plugins.toString(), "-f", "-");

    assertClearFailure(
        run,
        "oras-operator: plugin jar " + broken + " cannot provide a MutationPolicy",
        "com.example.PyTorchJobPolicyy not found");
  }

  /** A jar with one policy, com.example.MyJobPolicy for batch/v1 Jobs, named {@code name}. */
  private Path policyNamed(String name) throws IOException {
    Path sources = Files.createDirectories(work.resolve("src").resolve("com").resolve("example"));
    Files.writeString(
        sources.resolve("MyJobPolicy.java"),
        """
        package com.example;

        import com.fasterxml.jackson.databind.JsonNode;
        import io.github.oras.operator.spi.GroupVersionKind;
        import io.github.oras.operator.spi.MutationPolicy;
        import io.github.oras.operator.spi.PodTemplate;
        import java.util.List;
        import java.util.Set;

        public final class MyJobPolicy implements MutationPolicy {
          public String name() { return "%s"; }
          public String description() { return "my own Jobs"; }
          public Set<GroupVersionKind> kinds() { return Set.of(new GroupVersionKind("batch", "v1", "Job")); }
          public List<PodTemplate> podTemplates(JsonNode object) { return List.of(); }
        }
        """
            .formatted(name));
    Path resources =
        Files.createDirectories(work.resolve("resources").resolve("META-INF").resolve("services"));
    Files.writeString(
        resources.resolve("io.github.oras.operator.spi.MutationPolicy"),
        "com.example.MyJobPolicy\n");
    return PluginJar.build(
        work.resolve("src"),
        work.resolve("resources"),
        work,
        work.resolve("plugins").resolve("my-job.jar"));
  }

  @Test
  void aPluginWithAnInvalidNameIsNamedWithItsJar() throws IOException {
    Path jar = policyNamed("My Jobs");

    CommandRun run = CommandRun.of("policies", "--plugin-dir", jar.getParent().toString());

    assertClearFailure(
        run,
        "oras-operator: plugin jar "
            + jar
            + ": policy com.example.MyJobPolicy has an invalid name \"My Jobs\"");
  }

  @Test
  void aPluginNamedLikeABuiltInIsRefused() throws IOException {
    Path jar = policyNamed("job");

    CommandRun run = CommandRun.of("policies", "--plugin-dir", jar.getParent().toString());

    assertClearFailure(
        run,
        "oras-operator: plugin jar " + jar + ": policy com.example.MyJobPolicy is named \"job\"",
        "which the built-in io.github.oras.operator.policies.job.JobPolicy already has",
        "give the plugin another name");
  }

  @Test
  void twoJarsWithTheSamePluginNameBoth() throws IOException {
    Path plugins = work.resolve("plugins");
    Path first = PluginJar.sample(work, plugins);
    Path second = Files.copy(first, plugins.resolve("zz-copy.jar"));

    CommandRun run = CommandRun.of("policies", "--plugin-dir", plugins.toString());

    assertClearFailure(
        run,
        "oras-operator: plugin jar " + second + ": policy",
        "named \"pytorchjob\"",
        "from " + first + " already has",
        "keep one of the two jars");
  }
}

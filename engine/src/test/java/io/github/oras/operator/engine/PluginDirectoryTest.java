package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oras.operator.spi.KeepSubdomain;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.ServiceMergeStrategy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures of {@code --plugin-dir}: each must name the directory or jar to fix. (The
 * sample plugin itself is compiled, loaded and admitted through in the cli module's
 * CustomPolicyPluginIT.)
 */
class PluginDirectoryTest {
  private static final ClassLoader HOST = PluginDirectoryTest.class.getClassLoader();
  private static final String POLICIES = "META-INF/services/" + MutationPolicy.class.getName();
  private static final String STRATEGIES =
      "META-INF/services/" + ServiceMergeStrategy.class.getName();

  @TempDir Path dir;

  static Path jar(Path file, Map<String, String> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out)) {
      for (var entry : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(entry.getKey()));
        jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return file;
  }

  private static PolicyCatalog discover(Path directory) {
    return PolicyCatalog.discover(HOST, PluginDirectory.open(directory, HOST));
  }

  @Test
  void missingDirectoryIsNamed() {
    Path missing = dir.resolve("no-such-plugins");
    assertThatThrownBy(() -> discover(missing))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("plugin directory " + missing + " does not exist");
  }

  @Test
  void aFileIsNotADirectory() throws IOException {
    Path file = jar(dir.resolve("plugin.jar"), Map.of());
    assertThatThrownBy(() -> discover(file))
        .hasMessage("plugin directory " + file + " is not a directory");
  }

  @Test
  void aDirectoryWithoutJarsIsAnError() throws IOException {
    Files.writeString(dir.resolve("README.txt"), "the jars go here");
    assertThatThrownBy(() -> discover(dir))
        .hasMessageContaining("plugin directory " + dir + " holds no .jar files");
  }

  @Test
  void aCorruptJarIsNamed() throws IOException {
    jar(dir.resolve("a-good.jar"), Map.of());
    Path corrupt = Files.writeString(dir.resolve("b-corrupt.jar"), "not a zip file at all");
    assertThatThrownBy(() -> discover(dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("plugin jar " + corrupt + " is not a readable jar");
  }

  @Test
  void aServiceEntryForAMissingClassNamesTheJarAndTheClass() throws IOException {
    jar(dir.resolve("a-library.jar"), Map.of("lib/readme.txt", "no providers here"));
    Path broken =
        jar(
            dir.resolve("b-broken.jar"),
            Map.of(POLICIES, "# the policy\ncom.example.MissingPolicy\n"));
    assertThatThrownBy(() -> discover(dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("plugin jar " + broken + " cannot provide a MutationPolicy")
        .hasMessageContaining("com.example.MissingPolicy")
        .hasMessageContaining("not found");
  }

  @Test
  void aPolicyWithABuiltInsNameIsRefused() throws IOException {
    // The jar re-declares the host's test-job policy: same name as the built-in it shadows.
    Path clash =
        jar(dir.resolve("clash.jar"), Map.of(POLICIES, TestJobPolicy.class.getName() + "\n"));
    assertThatThrownBy(() -> discover(dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "plugin jar "
                + clash
                + ": policy "
                + TestJobPolicy.class.getName()
                + " is named \"test-job\"")
        .hasMessageContaining("the built-in " + TestJobPolicy.class.getName() + " already has");
  }

  @Test
  void strategiesComeFromPluginJarsToo() throws IOException {
    Path clash = jar(dir.resolve("keep.jar"), Map.of(STRATEGIES, KeepSubdomain.class.getName()));
    assertThatThrownBy(() -> discover(dir))
        .hasMessageStartingWith("plugin jar " + clash + ": service merge strategy")
        .hasMessageContaining("\"keep\"");
  }

  @Test
  void jarsWithoutProvidersAddNothing() throws IOException {
    jar(dir.resolve("library.jar"), Map.of("lib/readme.txt", "no providers here"));
    PluginDirectory plugins = PluginDirectory.open(dir, HOST);
    PolicyCatalog withPlugins = PolicyCatalog.discover(HOST, plugins);

    assertThat(plugins.jars()).containsExactly(dir.resolve("library.jar"));
    assertThat(plugins.classLoader().getParent()).isSameAs(HOST);
    assertThat(withPlugins.policies().keySet())
        .isEqualTo(PolicyCatalog.discover(HOST).policies().keySet());
  }
}

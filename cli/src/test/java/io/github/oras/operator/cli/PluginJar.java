package io.github.oras.operator.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar the way {@code mvn package} would for samples/custom-policy, but in-process:
 * javac against this test's class path (which has the SPI and Jackson, as the webhook provides
 * them), then the classes and resources into a jar. No Maven inside tests: the SNAPSHOT SPI need
 * not be installed in ~/.m2 for this to work on a clean machine.
 */
final class PluginJar {
  /** The sample plugin's sources, relative to the cli module. */
  static final Path SAMPLE = Path.of("..", "samples", "custom-policy");

  private PluginJar() {}

  /** The sample PyTorchJob plugin, as {@code directory/pytorchjob-policy.jar}. */
  static Path sample(Path work, Path directory) throws IOException {
    Path main = SAMPLE.resolve("src").resolve("main");
    return build(
        main.resolve("java"),
        main.resolve("resources"),
        work,
        directory.resolve("pytorchjob-policy.jar"));
  }

  /**
   * Compiles every .java under {@code sources} and packs the classes and {@code resources} into
   * {@code jar}.
   */
  static Path build(Path sources, Path resources, Path work, Path jar) throws IOException {
    Path classes = Files.createTempDirectory(work, "classes-");
    compile(sources, classes);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      add(out, classes);
      if (Files.isDirectory(resources)) {
        add(out, resources);
      }
    }
    return jar;
  }

  private static void compile(Path sources, Path classes) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("--release", "17", "-proc:none", "-Xlint:all,-path"));
    args.addAll(
        List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = javac.run(null, log, log, args.toArray(String[]::new));
    if (status != 0) {
      throw new AssertionError(
          "javac failed on " + sources + ":\n" + log.toString(StandardCharsets.UTF_8));
    }
  }

  private static void add(JarOutputStream out, Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
      Files.copy(file, out);
      out.closeEntry();
    }
  }
}
